from . import backtest as backtest
from . import cli as cli
from . import config as config
from . import core as core
from . import data as data
from . import live as live
from . import ml as ml
from . import risk as risk
from . import strategy as strategy

__version__: str
