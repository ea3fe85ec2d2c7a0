"""Models of the sanctions app. The penalties part (exit restriction, fines and detention, crime
referral) lives in sanctions.penalty_models and is imported here so Django finds it."""

from sanctions.penalty_models import *  # noqa: F403
