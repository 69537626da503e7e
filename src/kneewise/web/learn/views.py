"""Public pages that explain: the rules (R1–R36, CLIN) and answers to what runners ask."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from kneewise.web.learn.answers import ANSWERS
from kneewise.web.learn.rules import RULES, rules_by_group
from kneewise.web.learn.sources import cited


@require_safe
def rule_index(request: HttpRequest) -> HttpResponse:
    return render(request, "learn/rules.html", {"groups": rules_by_group()})


@require_safe
def rule_page(request: HttpRequest, rule_id: str) -> HttpResponse:
    rule = RULES.get(rule_id.upper())
    if rule is None:
        raise Http404("No such rule")
    context = {"rule": rule, "sources": cited(rule.sources)}
    return render(request, "learn/rule.html", context)


@require_safe
def answers(request: HttpRequest) -> HttpResponse:
    items = [(answer, cited(answer.sources)) for answer in ANSWERS]
    return render(request, "learn/answers.html", {"answers": items})
