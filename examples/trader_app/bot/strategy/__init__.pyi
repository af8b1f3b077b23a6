from .base import Strategy as Strategy
from .mean_reversion import MeanReversion as MeanReversion
from .ml_strategy import MLStrategy as MLStrategy
from .momentum import Momentum as Momentum
from .registry import STRATEGIES as STRATEGIES
from .registry import make_strategy as make_strategy
from .sma import SMACrossover as SMACrossover
