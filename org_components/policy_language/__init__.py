"""The IAM policy language of SCPs and RCPs: documents, templates, matching and level-by-level evaluation."""

from .document import DocumentError, DocumentKind, Effect, PolicyDocument, Statement, parse_document
from .evaluator import FULL_AWS_ACCESS, FULL_AWS_ACCESS_NAME, AttachedPolicy, Decision, GuardrailLevel, Outcome, Request, evaluate
from .levels import Level
from .templates import TemplateError, fill, parameters_of

__all__ = [
    "FULL_AWS_ACCESS",
    "FULL_AWS_ACCESS_NAME",
    "AttachedPolicy",
    "Decision",
    "DocumentError",
    "DocumentKind",
    "Effect",
    "GuardrailLevel",
    "Level",
    "Outcome",
    "PolicyDocument",
    "Request",
    "Statement",
    "TemplateError",
    "evaluate",
    "fill",
    "parameters_of",
    "parse_document",
]
