"""The AWS Organizations client of `import` and `drift`: configured the standard boto3 way, counted, and patient.

Credentials, region and endpoint come from boto3's own chain (environment, profiles, ``AWS_ENDPOINT_URL`` and
``AWS_ENDPOINT_URL_ORGANIZATIONS``), so the commands talk to whatever the user's other AWS tools talk to. Every call
is counted (the import is measured against the fewest calls its organization needs), throttling and concurrent
modifications are retried with backoff, and any other failure becomes one LiveError naming the call and the cause.
"""

from __future__ import annotations

import random
import threading
import time
from typing import Any

import boto3
import botocore.exceptions
from botocore.config import Config
from botocore.parsers import ResponseParserError

from ..aws_model import page_size
from ..errors import UserError

# Organizations answers a busy account with these; both mean "try again later", not "this is wrong".
RETRIED_CODES = frozenset({"TooManyRequestsException", "ConcurrentModificationException", "ThrottlingException"})
MAX_ATTEMPTS = 12
FIRST_BACKOFF_SECONDS = 0.05
MAX_BACKOFF_SECONDS = 5.0
# An endpoint that does not answer must fail fast, not after botocore's defaults (60 s per read, several attempts: about
# four minutes). Organizations answers a read in well under a second; these bound a dead endpoint's first call to
# HTTP_ATTEMPTS x (CONNECT_TIMEOUT_SECONDS + READ_TIMEOUT_SECONDS) plus botocore's backoff, under a minute.
CONNECT_TIMEOUT_SECONDS = 5.0
READ_TIMEOUT_SECONDS = 15.0
HTTP_ATTEMPTS = 2  # botocore's own retries of transport errors and 5xx answers, before ours of throttling


class LiveError(UserError):
    """The live organization cannot be read; the message says which call failed and what to do."""


def service_clients(profile: str | None, region: str | None, *services: str) -> tuple[Any, ...]:
    """boto3 clients of ``services`` with the credentials and endpoint the Organizations client uses (the boto3 chain),
    bounded the same way: a dead or wrong endpoint fails within a minute, not four."""
    try:
        session = boto3.Session(profile_name=profile, region_name=region)
    except botocore.exceptions.ProfileNotFound as error:
        raise LiveError(f"{error}; name a profile of your AWS config with --profile.") from None
    config = Config(
        retries={"mode": "standard", "max_attempts": HTTP_ATTEMPTS},
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=READ_TIMEOUT_SECONDS,
    )
    return tuple(session.client(service, config=config) for service in services)


class OrganizationsClient:
    """A thread-safe Organizations client that counts its calls and retries what AWS asks to retry."""

    def __init__(self, profile: str | None = None, region: str | None = None):
        try:
            session = boto3.Session(profile_name=profile, region_name=region)
        except botocore.exceptions.ProfileNotFound as error:
            raise LiveError(f"{error}; name a profile of your AWS config with --profile.") from None
        # Organizations is a global service served from us-east-1 whatever region the user works in.
        self.region = session.region_name or "us-east-1"
        config = Config(
            retries={"mode": "standard", "max_attempts": HTTP_ATTEMPTS},
            max_pool_connections=32,
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
            read_timeout=READ_TIMEOUT_SECONDS,
        )
        self._client = session.client("organizations", region_name="us-east-1", config=config)
        self.endpoint = self._client.meta.endpoint_url
        self._lock = threading.Lock()
        self.calls = 0
        self.retried = 0
        # The fewest calls that read what was read: one per answer, less the pages an endpoint split more finely than
        # the largest page size asked for. Calls made = fewest + retried + those extra pages, one figure throughout.
        self.fewest = 0

    @property
    def raw(self) -> Any:
        """The boto3 client, for event hooks (tests inject throttling through them)."""
        return self._client

    def call(self, operation: str, **parameters: Any) -> dict[str, Any]:
        """One API call, retried with jittered exponential backoff while AWS answers with a retryable code."""
        method = getattr(self._client, operation)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            with self._lock:
                self.calls += 1
            try:
                reply: dict[str, Any] = method(**parameters)  # a boto3 client method: the reply is a parsed JSON object
            except botocore.exceptions.ClientError as error:
                code = error.response.get("Error", {}).get("Code", "")
                if code.isdigit() or not code:  # an HTTP status with no AWS error in the body: not the Organizations API
                    raise LiveError(self._not_organizations(operation, f"it answered HTTP {code or '?'}")) from None
                if code in RETRIED_CODES and attempt < MAX_ATTEMPTS:
                    with self._lock:
                        self.retried += 1
                    time.sleep(min(MAX_BACKOFF_SECONDS, FIRST_BACKOFF_SECONDS * 2 ** (attempt - 1)) * (0.5 + random.random() / 2))
                    continue
                raise LiveError(_client_error_message(operation, code, error)) from None
            except botocore.exceptions.NoCredentialsError:
                raise LiveError(
                    "no AWS credentials were found; set AWS_PROFILE (or --profile), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
                    "for the management account (or a delegated administrator of AWS Organizations)."
                ) from None
            except (botocore.exceptions.ConnectTimeoutError, botocore.exceptions.ReadTimeoutError):
                raise LiveError(
                    f"{operation}: {self.endpoint} did not answer within {CONNECT_TIMEOUT_SECONDS:g} s (connect) and "
                    f"{READ_TIMEOUT_SECONDS:g} s (read), {HTTP_ATTEMPTS} attempts; check the network and AWS_ENDPOINT_URL."
                ) from None
            except (botocore.exceptions.EndpointConnectionError, botocore.exceptions.ConnectionClosedError) as error:
                raise LiveError(
                    f"{operation} could not reach AWS Organizations: {error}; check the network and AWS_ENDPOINT_URL."
                ) from None
            except botocore.exceptions.BotoCoreError as error:
                raise LiveError(f"{operation} failed at {self.endpoint}: {error}.") from None
            except (ResponseParserError, UnicodeError, ValueError) as error:
                raise LiveError(self._not_organizations(operation, f"its reply cannot be read: {type(error).__name__}")) from None
            self._check_reply(operation, reply)
            with self._lock:
                self.fewest += 1
            return reply
        raise LiveError(f"{operation} was throttled {MAX_ATTEMPTS} times in a row; try again later.")

    def _not_organizations(self, operation: str, why: str) -> str:
        return f"{self.endpoint} is not the AWS Organizations API: {why} to {operation}; check AWS_ENDPOINT_URL (and AWS_ENDPOINT_URL_ORGANIZATIONS)."

    def _check_reply(self, operation: str, reply: Any) -> None:
        """Every read of the Organizations API answers with its output's members; a reply with none of them (``{}``
        from some other server) is refused here, not met later as a missing key."""
        name = self._client.meta.method_to_api_mapping[operation]
        shape = self._client.meta.service_model.operation_model(name).output_shape
        expected = [member for member in (shape.members if shape is not None else {}) if member != "NextToken"]
        if expected and (not isinstance(reply, dict) or not any(member in reply for member in expected)):
            raise LiveError(self._not_organizations(operation, f"its reply has no {' or '.join(expected)}"))

    def pages(self, operation: str, key: str, **parameters: Any) -> list[dict[str, Any]]:
        """Every item of a paginated call's ``key`` list, page by page (Organizations pages hold at most 20)."""
        items: list[dict[str, Any]] = []
        token: str | None = None
        largest = page_size(self._client.meta.method_to_api_mapping[operation])
        size = {"MaxResults": largest} if largest is not None else {}
        pages = 0
        while True:
            pages += 1
            # The page size asked for explicitly: AWS's largest, so that the calls made are the fewest the read needs
            # whatever size an endpoint would choose by itself.
            page = self.call(operation, **parameters, **size, **({"NextToken": token} if token else {}))
            items += page.get(key, [])
            token = page.get("NextToken")
            if not token:
                if largest is not None and pages > (needed := max(1, -(-len(items) // largest))):
                    with self._lock:
                        self.fewest -= pages - needed
                return items


def _client_error_message(operation: str, code: str, error: botocore.exceptions.ClientError) -> str:
    text = error.response.get("Error", {}).get("Message", "") or str(error)
    if code == "AWSOrganizationsNotInUseException":
        return "the credentials' account is not a member of an organization; run with credentials of the management account."
    if code in ("AccessDeniedException", "AccessDenied", "UnrecognizedClientException", "InvalidClientTokenId"):
        return (
            f"{operation} was refused ({code}: {text}); the credentials need organizations:Describe* and organizations:List* "
            "on the management account (or a delegated administrator of AWS Organizations)."
        )
    return f"{operation} failed ({code}: {text})."
