from .engine import BacktestResult as BacktestResult
from .engine import Backtester as Backtester
from .metrics import Performance as Performance
from .metrics import max_drawdown as max_drawdown
from .metrics import performance as performance
from .metrics import sharpe_ratio as sharpe_ratio
