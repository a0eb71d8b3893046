"""`from openai_compat.types.fine_tuning import SupervisedMethod, ...` as in `openai.types.fine_tuning`."""

from __future__ import annotations

from ._aliases import alias_getattr

# openai-python's name -> the spec's schema (class) name.
FINE_TUNING_NAMES: dict[str, str] = {
    "FineTuningJob": "FineTuningJob",
    "FineTuningJobEvent": "FineTuningJobEvent",
    "FineTuningJobCheckpoint": "FineTuningJobCheckpoint",
    "SupervisedMethod": "FineTuneSupervisedMethod",
    "SupervisedHyperparameters": "FineTuneSupervisedHyperparameters",
    "DpoMethod": "FineTuneDPOMethod",
    "DpoHyperparameters": "FineTuneDPOHyperparameters",
    "ReinforcementMethod": "FineTuneReinforcementMethod",
    "ReinforcementHyperparameters": "FineTuneReinforcementHyperparameters",
}

__all__ = sorted(FINE_TUNING_NAMES)
__getattr__ = alias_getattr(FINE_TUNING_NAMES, __name__)


def __dir__() -> list[str]:
    return __all__
