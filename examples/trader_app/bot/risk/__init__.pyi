from .integration import RiskIntegration as RiskIntegration
from .integration import RiskReport as RiskReport
from .limits import ExposureLimits as ExposureLimits
from .limits import LimitCheck as LimitCheck
from .metrics import VaRResult as VaRResult
from .metrics import historical_var as historical_var
from .metrics import parametric_var as parametric_var
