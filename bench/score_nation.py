"""Score a whole nation: FY2568-sized synthetic data through the real scoring engine, on one core.

FY2568 had 8,317 assessed agencies and more than 1.35 million stakeholder answers (NACC, 18 Aug 2568).
This script makes that much synthetic data with a seeded NumPy generator, scores every agency with
`prongsai.scoring.engine` exactly as `prongsai score` does (exact Fractions, half-up published figures,
levels), and measures only the scoring phase: wall time and peak memory. As the yardstick it computes
the same per-agency question and indicator means with a plain pandas group-by and with DuckDB over the
same data (floating point, one thread), and checks that they agree with the engine's figures.

One "answer" is one respondent's completed questionnaire (one row of an IIT or EIT export).

    python bench/score_nation.py [--agencies 8317] [--answers 1360000] [--seed 2568] [--tracemalloc]

The last line holds `name=value` pairs: agencies, answers, score_s, peak_mb, pandas_s, duckdb_s.
"""

from __future__ import annotations

import os

# One core, as the target says: BLAS/OpenMP pools must be pinned before NumPy is imported.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse  # noqa: E402
import gc  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import tracemalloc  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import TypeVar  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from prongsai.criteria import framework  # noqa: E402
from prongsai.criteria.framework import Criteria  # noqa: E402
from prongsai.scoring import engine  # noqa: E402

FY2568_AGENCIES = 8_317
FY2568_ANSWERS = 1_360_000  # "more than 1.35 million"
IIT_SHARE = 0.30  # internal stakeholders are roughly a third of respondents; EIT the rest
MISSING_RATE = 0.03  # a respondent skips about 3 % of the cells
TOLERANCE = 0.01  # yardstick (floating point) vs engine (exact), in points


# ---------------------------------------------------------------------------------------------
# Memory measurement


def _rss_peak_kb() -> int | None:
    """Peak resident set since the last reset (Linux VmHWM), or None where /proc is not there."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _reset_rss_peak() -> bool:
    """Reset VmHWM to the current RSS (Linux ≥ 4.0) so the peak covers only what follows."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def _maxrss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


# ---------------------------------------------------------------------------------------------
# Synthetic data


@dataclass
class Nation:
    agencies: int
    iit: np.ndarray  # [respondent, answer key] 1-based option, 0 = not answered (int8)
    iit_groups: np.ndarray  # respondent → agency index
    eit: np.ndarray
    eit_groups: np.ndarray
    oit: np.ndarray  # [agency, OIT item] met (bool)
    quality: np.ndarray  # each agency's hidden "integrity" in 0..1, drives its answers


def _sizes(rng: np.random.Generator, total: int, weights: np.ndarray, floor: int) -> np.ndarray:
    """Split `total` respondents over agencies in proportion to `weights`, each at least `floor`."""
    spare = total - floor * len(weights)
    if spare < 0:
        raise SystemExit(f"{total} answers cannot give {len(weights)} agencies {floor} respondents each")
    return rng.multinomial(spare, weights / weights.sum()) + floor


def _goodness_order(criteria: Criteria, instrument: str) -> tuple[np.ndarray, np.ndarray]:
    """For each answer key: its number of options, and option positions from worst to best points."""
    keys = criteria.answer_keys(instrument)
    width = max(len(criteria.scales[k.scale].options) for k in keys)
    sizes = np.array([len(criteria.scales[k.scale].options) for k in keys], dtype=np.int64)
    order = np.zeros((len(keys), width), dtype=np.int8)
    for n, key in enumerate(keys):
        scale = criteria.scales[key.scale]
        points = {p: scale.points(p, key.reverse) for p in range(1, len(scale.options) + 1)}
        positions = sorted(points, key=points.__getitem__)
        order[n, : len(positions)] = positions
    return sizes, order


def _survey_answers(
    rng: np.random.Generator, criteria: Criteria, instrument: str, groups: np.ndarray, quality: np.ndarray
) -> np.ndarray:
    """Answers where a respondent of a better agency picks better-scoring options more often.

    The "goodness" of a cell is Binomial(options − 1, p), p = the agency's quality plus personal
    noise; it is mapped to the option with that rank of points (so reverse-scored keys and yes/no
    scales come out right). About 3 % of cells are left unanswered.
    """
    sizes, order = _goodness_order(criteria, instrument)
    answers = np.empty((len(groups), len(sizes)), dtype=np.int8)
    chunk = 200_000
    cols = np.arange(len(sizes))[None, :]
    for start in range(0, len(groups), chunk):
        g = groups[start : start + chunk]
        p = np.clip(quality[g] + rng.normal(0, 0.08, len(g)), 0.02, 0.995)
        goodness = rng.binomial(sizes[None, :] - 1, p[:, None])
        block = order[cols, goodness]
        block[rng.random(block.shape, dtype=np.float32) < MISSING_RATE] = 0
        answers[start : start + chunk] = block
    return answers


def make_nation(criteria: Criteria, agencies: int, answers: int, seed: int) -> Nation:
    rng = np.random.default_rng(seed)
    # Agency sizes vary a lot (a small อบต. beside a เทศบาลนคร): log-normal weights.
    weight_iit = rng.lognormal(0.0, 0.7, agencies)
    weight_eit = weight_iit * rng.lognormal(0.0, 0.4, agencies)
    n_iit_total = round(answers * IIT_SHARE)
    iit_sizes = _sizes(rng, n_iit_total, weight_iit, floor=5)
    eit_sizes = _sizes(rng, answers - n_iit_total, weight_eit, floor=10)
    quality = rng.beta(16.0, 1.0, agencies)  # most agencies do well, as nationally (average 93.82)
    iit_groups = np.repeat(np.arange(agencies, dtype=np.int64), iit_sizes)
    eit_groups = np.repeat(np.arange(agencies, dtype=np.int64), eit_sizes)
    oit_p = np.clip(quality + 0.05, 0, 0.99)
    oit = rng.random((agencies, len(criteria.oit_items))) < oit_p[:, None]
    return Nation(
        agencies=agencies,
        iit=_survey_answers(rng, criteria, "IIT", iit_groups, quality),
        iit_groups=iit_groups,
        eit=_survey_answers(rng, criteria, "EIT", eit_groups, quality),
        eit_groups=eit_groups,
        oit=oit,
        quality=quality,
    )


# ---------------------------------------------------------------------------------------------
# Scoring with the engine


@dataclass
class NationScores:
    iit: list[engine.SurveyScores]
    eit: list[engine.SurveyScores]
    published: list[engine.Published]
    phases: dict[str, float]  # seconds per phase, to show where the time goes


def score_nation(criteria: Criteria, nation: Nation) -> NationScores:
    """Exactly what `prongsai score` does, for every agency at once."""
    clock = time.perf_counter
    start = clock()
    iit = engine.score_survey_groups(criteria, "IIT", nation.iit, nation.iit_groups, nation.agencies)
    after_iit = clock()
    eit = engine.score_survey_groups(criteria, "EIT", nation.eit, nation.eit_groups, nation.agencies)
    after_eit = clock()
    codes = [item.code for item in criteria.oit_items]
    oits = [engine.score_oit(criteria, dict(zip(codes, row, strict=True))) for row in nation.oit.tolist()]
    after_oit = clock()
    published = [engine.combine(criteria, iit[g], eit[g], oits[g]).published() for g in range(nation.agencies)]
    phases = {
        "IIT": after_iit - start,
        "EIT": after_eit - after_iit,
        "OIT": after_oit - after_eit,
        "combine+publish": clock() - after_oit,
    }
    return NationScores(iit=iit, eit=eit, published=published, phases=phases)


# ---------------------------------------------------------------------------------------------
# The yardstick: the same means in floating point with pandas and DuckDB


@dataclass
class Means:
    """Per-agency means in floating point: questions[instrument] is agencies × questions."""

    questions: dict[str, np.ndarray]
    indicators: dict[str, np.ndarray]  # agencies × the instrument's indicators


def _points_table(criteria: Criteria, instrument: str) -> np.ndarray:
    """[key, option position] → points as float, NaN at position 0 (not answered)."""
    keys = criteria.answer_keys(instrument)
    width = max(len(criteria.scales[k.scale].options) for k in keys) + 1
    table = np.full((len(keys), width), np.nan)
    for n, key in enumerate(keys):
        scale = criteria.scales[key.scale]
        for option in scale.options:
            table[n, option.position] = float(scale.points(option.position, key.reverse))
    return table


def _question_columns(criteria: Criteria, instrument: str) -> list[tuple[str, list[int]]]:
    index = engine.key_index(criteria, instrument)
    return [(q.code, [index[k.code] for k in q.keys]) for q in criteria.questions_of(instrument)]


def _indicator_columns(criteria: Criteria, instrument: str) -> list[list[int]]:
    questions = criteria.questions_of(instrument)
    return [
        [n for n, q in enumerate(questions) if q.indicator == number]
        for number in criteria.instrument(instrument).indicators
    ]


def pandas_means(criteria: Criteria, nation: Nation) -> Means:
    import pandas as pd

    questions, indicators = {}, {}
    for instrument, answers, groups in (
        ("IIT", nation.iit, nation.iit_groups),
        ("EIT", nation.eit, nation.eit_groups),
    ):
        table = _points_table(criteria, instrument)
        points = pd.DataFrame(table[np.arange(table.shape[0])[None, :], answers])
        per_respondent = pd.DataFrame(
            {code: points[cols].mean(axis=1, skipna=True) for code, cols in _question_columns(criteria, instrument)}
        )
        per_respondent["agency"] = groups
        by_agency = (
            per_respondent.groupby("agency", sort=True).mean().reindex(range(nation.agencies)).to_numpy(np.float64)
        )
        questions[instrument] = by_agency
        indicators[instrument] = np.column_stack(
            [np.nanmean(by_agency[:, cols], axis=1) for cols in _indicator_columns(criteria, instrument)]
        )
    return Means(questions, indicators)


def duckdb_means(criteria: Criteria, nation: Nation) -> Means:
    import duckdb
    import pandas as pd

    con = duckdb.connect()
    con.execute("SET threads TO 1")
    questions, indicators = {}, {}
    for instrument, answers, groups in (
        ("IIT", nation.iit, nation.iit_groups),
        ("EIT", nation.eit, nation.eit_groups),
    ):
        keys = criteria.answer_keys(instrument)
        table = _points_table(criteria, instrument)
        # The raw option positions go in; points are looked up in SQL (list index 0 is NULL = not answered).
        frame = pd.DataFrame({f"k{n}": answers[:, n] for n in range(len(keys))})
        frame["agency"] = groups
        con.register("answers", frame)
        point_expr = {
            n: "[" + ", ".join(repr(float(v)) for v in table[n, 1 : len(criteria.scales[k.scale].options) + 1]) + "]"
            f"[k{n}]"
            for n, k in enumerate(keys)
        }
        per_question = []
        for code, cols in _question_columns(criteria, instrument):
            cells = [point_expr[c] for c in cols]
            total = " + ".join(f"coalesce({c}, 0)" for c in cells)
            count = " + ".join(f"({c} IS NOT NULL)::INT" for c in cells)
            per_question.append(f"({total}) / nullif({count}, 0) AS {code}")
        codes = [code for code, _cols in _question_columns(criteria, instrument)]
        # Identifiers come from the criteria schema (^[a-z][a-z0-9_]*$) and numbers from the file: no user text.
        sql = (
            f"SELECT agency, {', '.join(f'avg({c}) AS {c}' for c in codes)} FROM "  # noqa: S608
            f"(SELECT agency, {', '.join(per_question)} FROM answers) GROUP BY agency ORDER BY agency"
        )
        result = con.execute(sql).fetchnumpy()
        by_agency = np.full((nation.agencies, len(codes)), np.nan)
        rows = np.asarray(result["agency"])
        for n, code in enumerate(codes):
            by_agency[rows, n] = np.asarray(result[code], dtype=np.float64)
        con.unregister("answers")
        questions[instrument] = by_agency
        indicators[instrument] = np.column_stack(
            [np.nanmean(by_agency[:, cols], axis=1) for cols in _indicator_columns(criteria, instrument)]
        )
    con.close()
    return Means(questions, indicators)


def disagreements(criteria: Criteria, scores: NationScores, means: Means, sample: np.ndarray) -> list[str]:
    """Every sampled figure where the yardstick and the engine differ by more than TOLERANCE."""
    problems = []
    for instrument, surveys in (("IIT", scores.iit), ("EIT", scores.eit)):
        codes = [q.code for q in criteria.questions_of(instrument)]
        numbers = criteria.instrument(instrument).indicators
        for g in sample:
            survey = surveys[g]
            for n, code in enumerate(codes):
                problems += _compare(f"agency {g} {code}", survey.questions[code], means.questions[instrument][g, n])
            for n, number in enumerate(numbers):
                problems += _compare(
                    f"agency {g} indicator {number}", survey.indicators[number], means.indicators[instrument][g, n]
                )
    return problems


def _compare(label: str, exact: engine.Score, approx: float) -> list[str]:
    if exact is None:
        return [] if np.isnan(approx) else [f"{label}: engine has no answers, yardstick {approx:.4f}"]
    if np.isnan(approx) or abs(float(exact) - approx) > TOLERANCE:
        return [f"{label}: engine {float(exact):.4f}, yardstick {approx:.4f}"]
    return []


# ---------------------------------------------------------------------------------------------


T = TypeVar("T")


def _timed(fn: Callable[[], T]) -> tuple[T, float]:
    gc.collect()
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


@dataclass
class Timing:
    wall: float  # time.perf_counter seconds of the fastest run
    cpu: float  # this process's CPU seconds in that run (less sensitive to other load on the machine)
    runs: int


def _run(fn: Callable[[], T]) -> tuple[T, Timing]:
    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    result = fn()
    return result, Timing(time.perf_counter() - wall, time.process_time() - cpu, 1)


def _best(fn: Callable[[], T], repeat: int, first: tuple[T, Timing] | None = None) -> tuple[T, Timing]:
    """The result of the first run and the fastest of `repeat` runs, as timeit does: noise only ever adds.

    Later results are dropped as soon as they are timed, so memory never holds two at once.
    """
    value, best = first or _run(fn)
    for _ in range(max(repeat, 1) - 1):
        _result, timing = _run(fn)
        del _result
        if timing.wall < best.wall:
            best = timing
    return value, Timing(best.wall, best.cpu, max(repeat, 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--agencies", type=int, default=FY2568_AGENCIES)
    parser.add_argument("--answers", type=int, default=FY2568_ANSWERS, help="respondents, IIT and EIT together")
    parser.add_argument("--seed", type=int, default=2568)
    parser.add_argument("--criteria", default="ita-2568")
    parser.add_argument("--sample", type=int, default=200, help="agencies checked against the yardstick")
    parser.add_argument("--repeat", type=int, default=3, help="time each phase this many times and keep the fastest")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="score once more under tracemalloc (slow) for its peak"
    )
    args = parser.parse_args(argv)

    load_at_start = os.getloadavg()[0]
    criteria, load_s = _timed(lambda: framework.load(framework.find(args.criteria)))
    nation, gen_s = _timed(lambda: make_nation(criteria, args.agencies, args.answers, args.seed))
    data_mb = (nation.iit.nbytes + nation.eit.nbytes + nation.iit_groups.nbytes + nation.eit_groups.nbytes) / 2**20
    rss_before = _maxrss_mb()

    gc.collect()
    reset = _reset_rss_peak()
    first = _run(lambda: score_nation(criteria, nation))
    hwm = _rss_peak_kb()  # the first run only: later runs overlap with its result in memory
    peak_mb = hwm / 1024 if reset and hwm is not None else _maxrss_mb()
    phases: dict[float, dict[str, float]] = {}

    def timed_scoring() -> NationScores:
        result = score_nation(criteria, nation)
        phases[sum(result.phases.values())] = result.phases
        return result

    scores, score = _best(timed_scoring, args.repeat, first)
    phases[sum(scores.phases.values())] = scores.phases

    traced_mb = None
    if args.tracemalloc:
        gc.collect()
        tracemalloc.start()
        score_nation(criteria, nation)
        traced_mb = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()

    pandas, pandas_t = _best(lambda: pandas_means(criteria, nation), args.repeat)
    duck, duckdb_t = _best(lambda: duckdb_means(criteria, nation), args.repeat)
    score_s, pandas_s, duckdb_s = score.wall, pandas_t.wall, duckdb_t.wall
    sample = np.random.default_rng(args.seed + 1).choice(args.agencies, min(args.sample, args.agencies), replace=False)
    problems = disagreements(criteria, scores, pandas, sample) + disagreements(criteria, scores, duck, sample)

    published = scores.published
    totals = np.array([float(p.total) for p in published if p.total is not None])
    levels: dict[str, int] = {}
    for p in published:
        name = p.level.name_th if p.level else "–"
        levels[name] = levels.get(name, 0) + 1
    n_iit, n_eit = len(nation.iit_groups), len(nation.eit_groups)

    print(f"Prongsai nation-scale scoring benchmark · criteria {criteria.code} · seed {args.seed}")
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, NumPy {np.__version__}, one thread; "
        f"load average at start {load_at_start:.2f}"
        + (" (other work is running: wall times are inflated, CPU times less so)" if load_at_start > 1 else "")
    )
    print(
        f"data: {args.agencies:,} agencies; {n_iit + n_eit:,} answers "
        f"(IIT {n_iit:,} = {n_iit / (n_iit + n_eit):.0%}, EIT {n_eit:,}); "
        f"{len(criteria.answer_keys('IIT'))} IIT and {len(criteria.answer_keys('EIT'))} EIT answer keys; "
        f"{len(criteria.oit_items)} OIT items; answer matrices {data_mb:,.0f} MB"
    )
    print(
        f"respondents per agency: IIT {np.bincount(nation.iit_groups).min()}–{np.bincount(nation.iit_groups).max()}, "
        f"EIT {np.bincount(nation.eit_groups).min()}–{np.bincount(nation.eit_groups).max()}"
    )
    print(f"criteria load {load_s:.2f} s; data generation {gen_s:.2f} s (not part of the score time)")
    print(
        f"scoring (engine, exact): {score_s:.2f} s wall, {score.cpu:.2f} s CPU (best of {score.runs}); "
        f"peak RSS {peak_mb:,.0f} MB during scoring",
        end="",
    )
    print(f" (process peak {_maxrss_mb():,.0f} MB; {rss_before:,.0f} MB before scoring)")
    fastest = phases[min(phases)]
    print("  where the time goes (fastest run): " + ", ".join(f"{k} {v:.2f} s" for k, v in fastest.items()))
    if traced_mb is not None:
        print(f"tracemalloc peak of Python/NumPy allocations while scoring: {traced_mb:,.0f} MB")
    print(
        f"yardstick, floating point (best of {pandas_t.runs}): pandas group-by {pandas_s:.2f} s wall "
        f"({pandas_t.cpu:.2f} s CPU), DuckDB 1 thread {duckdb_s:.2f} s wall ({duckdb_t.cpu:.2f} s CPU)"
    )
    print(
        f"agreement on {len(sample)} sampled agencies (questions and indicators, ±{TOLERANCE}): "
        + ("all agree" if not problems else f"{len(problems)} disagreements, e.g. {problems[:3]}")
    )
    spread = ", ".join(f"{name} {count:,}" for name, count in levels.items())
    print(f"results: national mean total {totals.mean():.2f}; levels {spread}")
    target = score_s < 10 and peak_mb < 1024
    print(f"target (< 10 s and < 1 GB on one core): {'met' if target else 'NOT met'}")
    print(
        f"agencies={args.agencies} answers={n_iit + n_eit} score_s={score_s:.2f} peak_mb={peak_mb:.0f} "
        f"pandas_s={pandas_s:.2f} duckdb_s={duckdb_s:.2f}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
