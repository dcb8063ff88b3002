#!/usr/bin/env python3
"""peer_numpy.py SCENARIO.yaml TRIALS SEED - the benchmark's peer: the same Monte Carlo as
`llmcost roi --simulate`, written the way an analyst would in a notebook (NumPy, vectorized
over trials), for the subset of the scenario format that bench/roi/scenario.yaml uses
(monthly cost and revenue lines, growth, token price decline, linear/S-curve ramps, the five
distributions, stage gates). Prints JSON with the same statistics; the random streams differ
from llmcost's, so answers are compared within Monte Carlo error."""
import json
import math
import sys

import numpy as np
import yaml


def pct(v):
    return float(str(v).rstrip('%')) / 100 if str(v).endswith('%') else float(v)


def sampler(v, n, rng):
    if not isinstance(v, dict):
        return np.full(n, pct(v))
    (kind, p), = [(k, x) for k, x in v.items() if k != 'lambda']
    p = [pct(x) for x in p]
    if kind == 'triangular':
        return rng.triangular(p[0], p[1], p[2], n)
    if kind == 'pert':
        lam = float(v.get('lambda', 4))
        a = 1 + lam * (p[1] - p[0]) / (p[2] - p[0])
        b = 1 + lam * (p[2] - p[1]) / (p[2] - p[0])
        return p[0] + (p[2] - p[0]) * rng.beta(a, b, n)
    if kind == 'normal':
        return rng.normal(p[0], p[1], n)
    if kind == 'lognormal':
        s2 = math.log(1 + p[1] ** 2 / p[0] ** 2)
        return rng.lognormal(math.log(p[0]) - s2 / 2, math.sqrt(s2), n)
    if kind == 'uniform':
        return rng.uniform(p[0], p[1], n)
    raise ValueError(kind)


def ramp(line, m):
    r = line.get('ramp')
    if not r:
        return 1.0
    x = (m - r.get('from', line.get('start', 0)) + 1) / r['months']
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    if r['shape'] == 'linear':
        return x
    lg = lambda t: 1 / (1 + math.exp(-10 * (t - 0.5)))
    return (lg(x) - lg(0)) / (lg(1) - lg(0))


def main():
    sc = yaml.safe_load(open(sys.argv[1]))
    n, seed = int(sys.argv[2]), int(sys.argv[3])
    rng = np.random.default_rng(seed)
    H, rate = sc['horizon_months'], pct(sc['discount_rate'])
    decline = pct(sc.get('token_price_decline', 0))
    disc = (1 + rate) ** (-np.arange(H) / 12)
    net = np.zeros((n, H))
    for sign, lines in ((-1, sc.get('costs', [])), (1, sc.get('benefits', []))):
        for line in lines:
            start = line.get('start', 0)
            f = np.zeros(H)
            for m in range(start, line.get('end', H - 1) + 1):
                f[m] = ramp(line, m) * (1 + pct(line.get('growth', 0))) ** ((m - start) / 12)
                if line.get('tokens'):
                    f[m] *= (1 - decline) ** (m / 12)
            amount = sampler(line['monthly'], n, rng)
            net += sign * amount[:, None] * f[None, :]
    alive = np.full(n, H)
    for g in sc.get('gates', []):
        fail = rng.random(n) >= pct(g['probability'])
        alive = np.where(fail, np.minimum(alive, g['month']), alive)
    net *= np.arange(H)[None, :] < alive[:, None]
    npv = net @ disc
    s = np.sort(npv)
    tail = s[: max(n // 20, 1)]
    print(json.dumps({'trials': n, 'expected_npv': float(npv.mean()), 'sd_npv': float(npv.std(ddof=1)),
                      'p_npv_positive': float((npv > 0).mean()), 'npv_p5': float(np.percentile(npv, 5)),
                      'npv_p50': float(np.percentile(npv, 50)), 'npv_p95': float(np.percentile(npv, 95)),
                      'cvar_5': float(tail.mean())}))


main()
