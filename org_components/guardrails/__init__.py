"""A library of ready, parameterized guardrails."""

from .catalog import BY_NAME, GUARDRAILS, Guardrail, GuardrailError, Parameter, guardrail

__all__ = ["BY_NAME", "GUARDRAILS", "Guardrail", "GuardrailError", "Parameter", "guardrail"]
