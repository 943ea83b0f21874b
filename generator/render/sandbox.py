"""The Jinja sandbox user templates run in: no way into Python, and bounded work.

A template in the user's folder (``KEHOACH_TEMPLATES``) is code that someone else may have
written. Jinja's sandbox already keeps it away from Python's internals; this module also
bounds what it may spend, so that no template hangs kehoach or exhausts memory:

- **steps**: every loop iteration, call, attribute or item access, operator and piece of
  output costs one step; a render may take ``STEPS + STEPS_PER_VALUE`` × (values in the
  document's data). Nested ``range()`` loops, recursive macros and loops that print
  gigabytes run out of steps long before they run out of time or memory;
- **size**: no operation builds a text or list longer than ``MAX_VALUE`` characters or
  items (``'a'.ljust(10**9)``, ``'x' * 10**9``, ``center``/``format``/``indent`` widths,
  ``replace``, ``join``, ``~``, ``+``, ``batch``, ``slice``); numbers stay under
  ``MAX_INT_BITS`` bits (a tower ``2 ** 64 ** 64 ** 64``); all built values together stay
  under ``MAX_BUILT`` characters, and the rendered XML of one part under ``MAX_OUTPUT``;
- **time**: a render stops after ``SECONDS`` of wall-clock time, also inside a single
  Python call where the platform allows it (the main thread on POSIX), else at the next step.

Going past a bound raises `Overspent` (a Jinja `SecurityError`) whose `reason` says which,
in Vietnamese. The bounds are far above what kehoach's own templates need for the largest
plan the input limits allow (see tests/render/test_template_bounds.py).
"""

from __future__ import annotations

import math
import string
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from jinja2 import nodes, pass_eval_context
from jinja2.filters import FILTERS
from jinja2.runtime import Macro, markup_join, str_join
from jinja2.sandbox import SandboxedEnvironment, SecurityError
from jinja2.utils import generate_lorem_ipsum
from jinja2.visitor import NodeTransformer

STEPS = 1_000_000
STEPS_PER_VALUE = 10         # kehoach's own templates take under 3 steps per value
MACRO_STEPS = 50             # a macro call costs about as much as 50 loop iterations
MAX_VALUE = 1_000_000        # characters of one text, items of one list
MAX_BUILT = 50_000_000       # characters of every text and list a render builds together
MAX_OUTPUT = 25_000_000      # characters of the rendered XML of one part (kehoach's own: at most 17 million)
MAX_INT_BITS = 4096
SECONDS = 20.0
_CHECK_CLOCK_EVERY = 256     # steps between two looks at the clock


def _vn(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class Overspent(SecurityError):
    """A template went past one of the bounds; `reason` says which (Vietnamese)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Budget:
    """What one render may still spend: steps, characters to build, time."""

    __slots__ = ("steps", "built", "deadline", "_clock")

    def __init__(self, steps: int = STEPS, built: int = MAX_BUILT, seconds: float = SECONDS) -> None:
        self.steps = steps
        self.built = built
        self.deadline = time.monotonic() + seconds
        self._clock = _CHECK_CLOCK_EVERY

    def tick(self, n: int = 1) -> None:
        """Spend `n` steps; raise Overspent when none are left or time is up."""
        self.steps -= n
        if self.steps < 0:
            raise Overspent("mẫu làm quá nhiều bước tính (vòng lặp lồng nhau, macro gọi lại chính nó, "
                            "hoặc in ra quá nhiều)")
        self._clock -= n
        if self._clock <= 0:
            self._clock = _CHECK_CLOCK_EVERY
            if time.monotonic() > self.deadline:
                raise Overspent(f"mẫu chạy quá {SECONDS:g} giây")

    def build(self, n: int, what: str = "chuỗi") -> None:
        """Account for a text or list of `n` characters or items about to be built."""
        if n > MAX_VALUE:
            raise Overspent(f"mẫu tạo {what} quá dài ({_vn(n)}; tối đa {_vn(MAX_VALUE)})")
        self.built -= n
        if self.built < 0:
            raise Overspent(f"mẫu tạo ra quá nhiều chữ (tổng cộng trên {_vn(MAX_BUILT)} ký tự)")


def _length(value: Any) -> int:
    return len(value) if isinstance(value, (str, bytes, bytearray, list, tuple, dict, set, frozenset)) else 0


def _cost(value: Any) -> int:
    """Return the steps that going through `value` costs: one per item, one per 64 characters."""
    if isinstance(value, (str, bytes, bytearray)):
        return len(value) // 64
    return len(value) if isinstance(value, (list, tuple, dict, set, frozenset, range)) else 0


def _width(value: Any) -> int:
    """Return how many characters a width argument can add (an int, or the text of a str)."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return max(value, 0)
    return _length(value)


# -- estimates of what str/bytes methods build, before they run -----------------------------

def _padded(s: Any, args: tuple, kwargs: dict) -> int:
    width = args[0] if args else kwargs.get("width", 0)
    return max(_length(s), _width(width))


def _expanded(s: Any, args: tuple, kwargs: dict) -> int:
    tab = args[0] if args else kwargs.get("tabsize", 8)
    count = s.count("\t" if isinstance(s, str) else b"\t")
    return _length(s) + count * _width(tab)


def _replaced(s: Any, args: tuple, kwargs: dict) -> int:
    if len(args) < 2:
        return _length(s)
    old, new = args[0], args[1]
    if not isinstance(old, type(s)) or _length(new) <= _length(old):
        return _length(s)
    count = s.count(old) if old else _length(s) + 1
    limit = args[2] if len(args) > 2 else kwargs.get("count", -1)
    if isinstance(limit, int) and limit >= 0:
        count = min(count, limit)
    return _length(s) + count * (_length(new) - _length(old))


def _translated(s: Any, args: tuple, kwargs: dict) -> int:
    table = args[0] if args else None
    if isinstance(table, dict):
        longest = max((_length(v) for v in table.values()), default=1)
        return _length(s) * max(longest, 1)
    return _length(s)


_SIZED_METHODS = {
    "center": _padded, "ljust": _padded, "rjust": _padded, "zfill": _padded,
    "expandtabs": _expanded, "replace": _replaced, "translate": _translated,
    "encode": lambda s, a, k: 4 * _length(s), "hex": lambda s, a, k: 3 * _length(s),
}
_GROWING_METHODS = {"extend", "update", "__ior__", "union"}


def _format_widths(spec: str) -> int:
    """Return the sum of the numbers written in a format spec (widths and precisions)."""
    total, digits = 0, ""
    for c in spec + " ":
        if c.isdigit():
            digits += c
        elif digits:
            total += int(digits) if len(digits) <= 12 else 10**12
            digits = ""
    return total


def _percent_widths(fmt: str) -> int:
    """Return the sum of the widths and precisions of the %-conversions of `fmt`; refuse '*'."""
    total, pos = 0, fmt.find("%")
    while pos >= 0:
        end = pos + 1
        if fmt.startswith("(", end):
            close = fmt.find(")", end)
            if close < 0:
                break  # Python refuses the format itself
            end = close + 1
        spec_start = end
        while end < len(fmt) and fmt[end] in "-+ #0123456789.*hlL":
            end += 1
        spec = fmt[spec_start:end]
        if "*" in spec:
            raise Overspent("mẫu dùng độ rộng '*' trong định dạng %: hãy ghi số cụ thể")
        total += _format_widths(spec)
        pos = fmt.find("%", end + 1)
    return total


# -- the template's syntax tree: every loop and every "~" pass through the budget -------------

class _Guard(NodeTransformer):
    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = nodes.Call(nodes.EnvironmentAttribute("guarded_iter", lineno=node.lineno), [node.iter], [],
                               None, None, lineno=node.lineno)
        return node

    def visit_Compare(self, node: nodes.Compare) -> nodes.Node:
        self.generic_visit(node)
        if len(node.ops) == 1 and node.ops[0].op in ("in", "notin"):  # a search through a list: its length in steps
            operand = node.ops[0]
            return nodes.Call(nodes.EnvironmentAttribute("guarded_contains", lineno=node.lineno),
                              [node.expr, operand.expr, nodes.Const(operand.op == "notin")], [], None, None,
                              lineno=node.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        return nodes.Call(nodes.EnvironmentAttribute("guarded_concat", lineno=node.lineno), list(node.nodes), [],
                          None, None, lineno=node.lineno)


# -- filters whose arguments can make huge values -------------------------------------------

def _guarded_filters(env: BoundedSandbox) -> dict[str, Any]:
    filters = dict(FILTERS)
    filters.pop("urlize", None)  # HTML links (of no use in Word), and its e-mail pattern backtracks

    def budget() -> Budget:
        return env.budget

    def center(value: Any, width: int = 80) -> Any:
        budget().build(max(len(str(value)), _width(width)))
        return FILTERS["center"](value, width)

    def indent(s: Any, width: Any = 4, first: bool = False, blank: bool = False) -> Any:
        text = str(s)
        budget().build(len(text) + (text.count("\n") + 1) * _width(width))
        return FILTERS["indent"](s, width, first, blank)

    def wordwrap(environment: Any, s: str, width: int = 79, break_long_words: bool = True,
                 wrapstring: str | None = None, break_on_hyphens: bool = True) -> str:
        lines = len(s) // max(width if isinstance(width, int) else 1, 1) + s.count("\n") + 1
        budget().build(len(s) + lines * max(_length(wrapstring), 1))
        return FILTERS["wordwrap"](environment, s, width, break_long_words, wrapstring, break_on_hyphens)

    def format_(value: Any, *args: Any, **kwargs: Any) -> str:
        budget().build(len(str(value)) + _percent_widths(str(value)) + sum(len(str(a)) for a in args))
        return FILTERS["format"](value, *args, **kwargs)

    def join(eval_ctx: Any, value: Iterable[Any], d: str = "", attribute: Any = None) -> str:
        items = list(value)
        budget().build(len(items))
        if attribute is None:
            budget().build(sum(len(str(x)) for x in items) + max(len(items) - 1, 0) * len(str(d)))
        return FILTERS["join"](eval_ctx, items, d, attribute)

    def replace(eval_ctx: Any, s: str, old: str, new: str, count: int | None = None) -> str:
        text = str(s)
        budget().build(_replaced(text, (str(old), str(new), -1 if count is None else count), {}))
        return FILTERS["replace"](eval_ctx, s, old, new, count)

    def sum_(environment: Any, iterable: Iterable[Any], attribute: Any = None, start: Any = 0) -> Any:
        if not isinstance(start, (int, float)) or isinstance(start, bool):
            raise Overspent("bộ lọc sum chỉ cộng số (start phải là số)")
        return FILTERS["sum"](environment, iterable, attribute, start)

    def batch(value: Iterable[Any], linecount: int, fill_with: Any = None) -> Any:
        budget().build(_width(linecount), "danh sách")
        return FILTERS["batch"](value, linecount, fill_with)

    def slice_(eval_ctx: Any, value: Any, slices: int, fill_with: Any = None) -> Any:
        budget().build(_width(slices), "danh sách")
        return FILTERS["slice"](eval_ctx, value, slices, fill_with)

    def tojson(eval_ctx: Any, value: Any, indent: Any = None) -> Any:
        if _width(indent) > 100:
            raise Overspent("bộ lọc tojson: thụt lề quá lớn (tối đa 100)")
        return FILTERS["tojson"](eval_ctx, value, indent)

    for name, guarded in (("center", center), ("indent", indent), ("format", format_), ("sum", sum_),
                          ("batch", batch), ("slice", slice_), ("wordwrap", wordwrap), ("join", join),
                          ("replace", replace), ("tojson", tojson)):
        filters[name] = _pass_like(FILTERS[name], guarded)
    return {name: _charged(env, f) for name, f in filters.items()}


def _pass_like(original: Any, guarded: Any) -> Any:
    """Give `guarded` the argument Jinja passes `original` first (environment, eval context)."""
    passed = getattr(original, "jinja_pass_arg", None)
    if passed is not None:
        guarded.jinja_pass_arg = passed
    return guarded


def _charged(env: BoundedSandbox, f: Any) -> Any:
    """Return filter or test `f` costing steps for what it goes through, and the size of what it returns.

    (Filters and tests are called directly by compiled templates, not through `call`.)
    """
    def run(*args: Any, **kwargs: Any) -> Any:
        budget = env.budget
        budget.tick(1 + sum(_cost(a) for a in args))
        result = f(*args, **kwargs)
        size = _length(result)
        if size:
            budget.build(size, "chuỗi" if isinstance(result, str) else "danh sách")
        return result

    return _pass_like(f, run)


# -- the environment --------------------------------------------------------------------------

class BoundedSandbox(SandboxedEnvironment):
    """Jinja's sandbox with the bounds of this module; `bounded(budget)` sets one render's budget."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.budget = _IDLE
        self.filters = _guarded_filters(self)
        self.tests = {name: _charged(self, f) for name, f in self.tests.items()}
        self.globals["lipsum"] = self._lipsum
        finalize = self.finalize
        if finalize is not None:  # what each {{ … }} prints is built anew: charge it
            def charged_finalize(value: Any) -> Any:
                result = finalize(value)
                self.budget.build(_length(result))
                return result

            self.finalize = _pass_like(finalize, charged_finalize)

    # a render
    @contextmanager
    def bounded(self, budget: Budget) -> Iterator[Budget]:
        """Run the block (one render) under `budget`, with a wall-clock alarm where available."""
        previous, self.budget = self.budget, budget
        try:
            with _alarm(budget.deadline - time.monotonic()):
                yield budget
        finally:
            self.budget = previous

    # the syntax tree
    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = _Guard().visit(super()._parse(source, name, filename))
        tree.set_environment(self)
        return tree

    def guarded_iter(self, iterable: Any) -> Iterator[Any]:
        """Yield the items of a loop, one step each."""
        budget = self.budget
        for item in iterable:
            budget.tick()
            yield item

    def guarded_contains(self, item: Any, container: Any, negate: bool) -> bool:
        """Return `item in container` (or not in), one step per item looked at."""
        self.budget.tick(1 + _cost(container))
        found = item in container
        return not found if negate else found

    @pass_eval_context
    def guarded_concat(self, eval_ctx: Any, *items: Any) -> str:
        """Join the operands of "~", within the size bounds."""
        self.budget.build(sum(len(str(x)) for x in items))
        return markup_join(items) if eval_ctx.autoescape or eval_ctx.volatile else str_join(items)

    def concat(self, parts: Iterable[str]) -> str:  # type: ignore[override]
        """Join the output of a template, macro or block, one step per piece, within MAX_OUTPUT."""
        budget = self.budget
        out, size = [], 0
        for part in parts:
            budget.tick()
            size += len(part)
            if size > MAX_OUTPUT:
                raise Overspent(f"mẫu in ra quá nhiều (trên {_vn(MAX_OUTPUT)} ký tự)")
            out.append(part)
        return "".join(out)

    # what templates do
    def getattr(self, obj: Any, attribute: str) -> Any:
        self.budget.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.budget.tick()
        return super().getitem(obj, argument)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        budget = self.budget
        budget.tick()
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and right > 0:
            if abs(left) > 1 and abs(left).bit_length() * right > MAX_INT_BITS:
                raise Overspent(f"số quá lớn (lũy thừa trên {MAX_INT_BITS} bit)")
        elif operator == "**" and isinstance(right, (int, float)) and abs(right) > 10_000:
            raise Overspent(f"lũy thừa quá lớn ({right})")
        elif operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, bytes, list, tuple)) and isinstance(times, int):
                    budget.build(len(seq) * max(times, 0))
            if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > MAX_INT_BITS:
                raise Overspent(f"số quá lớn (trên {MAX_INT_BITS} bit)")
        elif operator == "+" and isinstance(left, (str, bytes, list, tuple)) and type(left) is type(right):
            budget.build(len(left) + len(right))
        elif operator == "%" and isinstance(left, str):
            args = right if isinstance(right, tuple) else (right,)
            budget.build(len(left) + _percent_widths(left) + sum(len(str(a)) for a in args))
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        budget = __self.budget
        budget.tick(MACRO_STEPS if isinstance(__obj, Macro) else 1)
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        budget.tick(_cost(owner) + sum(_cost(a) for a in args))
        if isinstance(owner, (str, bytes, bytearray)):
            if name in _SIZED_METHODS:
                budget.build(_SIZED_METHODS[name](owner, args, kwargs))
            elif name == "join" and args:
                items = list(args[0])
                budget.build(sum(_length(x) for x in items) + max(len(items) - 1, 0) * len(owner))
                args = (items, *args[1:])
        elif isinstance(owner, (list, dict, set, bytearray)) and name in _GROWING_METHODS:
            budget.build(len(owner) + sum(_length(a) for a in args), "danh sách")
        result = __self._call(__context, __obj, *args, **kwargs)
        size = _length(result)
        if size:
            budget.build(size, "danh sách" if not isinstance(result, (str, bytes)) else "chuỗi")
        return result

    def _call(self, context: Any, obj: Any, *args: Any, **kwargs: Any) -> Any:
        return super().call(context, obj, *args, **kwargs)

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        owner = value.__self__

        def bounded_format(*args: Any, **kwargs: Any) -> str:
            self.budget.build(len(owner))
            for _, _, spec, _ in string.Formatter().parse(owner):
                if spec:
                    if "{" in spec:
                        raise Overspent("mẫu dùng độ rộng lồng {…} trong định dạng: hãy ghi số cụ thể")
                    self.budget.build(_format_widths(spec))
            result = wrapped(*args, **kwargs)
            self.budget.build(len(result))
            return result

        return bounded_format

    def _lipsum(self, n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> str:  # noqa: A002
        if any(_width(x) > 1000 for x in (n, min, max)):
            raise Overspent("lipsum: tối đa 1.000 đoạn, 1.000 từ mỗi đoạn")
        self.budget.build(_width(n) * _width(max) * 12)
        return generate_lorem_ipsum(n, html, min, max)


# Outside a render (Jinja folding constants while it compiles): sizes bounded, nothing counted.
_IDLE = Budget(steps=10**18, built=10**18, seconds=math.inf)


def values_in(data: Any) -> int:
    """Return how many values (leaves and containers) `data` holds: the size a budget grows with."""
    count, stack = 0, [data]
    while stack:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, (list, tuple)):
            stack.extend(item)
    return count


def budget_for(data: Any) -> Budget:
    """Return the budget of one render of `data`."""
    return Budget(steps=STEPS + STEPS_PER_VALUE * values_in(data))


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    """Raise Overspent in the block after `seconds`, even inside one long call (POSIX, main thread)."""
    import signal  # only users' templates need it (the module builds enums on import: slow)

    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))
    if not usable:
        yield
        return

    def ring(signum: int, frame: Any) -> None:
        raise Overspent(f"mẫu chạy quá {SECONDS:g} giây")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

