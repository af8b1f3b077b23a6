from .attention import BACKEND as BACKEND
from .attention import AttentionModel as AttentionModel
from .attention import torch_available as torch_available
from .types import AttentionConfig as AttentionConfig
from .types import AttentionType as AttentionType
