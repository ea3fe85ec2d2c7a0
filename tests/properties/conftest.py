"""Hypothesis profiles of the property tests: "ci" (the default: few examples, no deadline, so a
loaded CI machine does not fail a test for being slow) and "long" (HYPOTHESIS_PROFILE=long: many
more examples, for a run on demand)."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "long",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
