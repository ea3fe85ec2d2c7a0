"""What apps above assistance do when an agency answers a notice, registered from their
AppConfig.ready(); assistance never names them.

answer_hooks   AnswerHook: on_answer(notice=, result=, answer=, actor=) runs inside notice_answer's
               transaction after the answer is saved (the case and the notice are locked): money
               records the amount a bank deducted as money received on the case."""

from collections.abc import Callable
from dataclasses import dataclass

from enforcement.registry import Registry


@dataclass(frozen=True)
class AnswerHook:
    key: str
    on_answer: Callable


answer_hooks: Registry[AnswerHook] = Registry("assistance answer hooks", key=lambda item: item.key)


def run_answer_hooks(*, notice, result: str, answer: dict, actor=None) -> None:
    for hook in answer_hooks:
        hook.on_answer(notice=notice, result=result, answer=answer, actor=actor)
