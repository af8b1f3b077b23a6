from .paper_broker import Fill as Fill
from .paper_broker import PaperBroker as PaperBroker
from .production_orchestrator import OrchestratorSummary as OrchestratorSummary
from .production_orchestrator import ProductionOrchestrator as ProductionOrchestrator
from .ticks import SyntheticTickStream as SyntheticTickStream
