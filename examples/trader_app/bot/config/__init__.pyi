from .settings import RiskSettings as RiskSettings
from .settings import Settings as Settings
from .settings import load_settings as load_settings
