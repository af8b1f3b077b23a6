from . import backtest as backtest
from . import commands as commands
from . import data as data
from . import doctor as doctor
from . import live as live
from . import ml as ml
from . import risk as risk
from . import version as version
