#!/usr/bin/python3
"""Plots time to first token per turn, with and without prefix reuse, from `puyu bench --scenario multiturn` JSON.

usage: /usr/bin/python3 ops/bench/plot_multiturn.py ops/bench/multiturn-1_8b-bf16.json ops/bench/multiturn-ttft.png
"""
import json
import re
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt

def load(path):
    """The JSON line of the bench, or, for a run cut short, its per-turn log lines on stderr."""
    text = open(path).read()
    for line in text.splitlines():
        if line.startswith("{"):
            return json.loads(line)
    data = {"with_reuse": [], "without_reuse": []}
    for line in text.splitlines():
        m = re.match(r"(reuse|no reuse)\s+turn\s+(\d+): prompt\s+(\d+), cached\s+(\d+), TTFT\s+([\d.]+) ms", line)
        if m:
            key = "with_reuse" if m.group(1) == "reuse" else "without_reuse"
            data[key].append({"turn": int(m.group(2)), "prompt_tokens": int(m.group(3)),
                              "cached_tokens": int(m.group(4)), "ttft_ms": float(m.group(5))})
    return data


data = load(sys.argv[1])
fig, ax = plt.subplots(figsize=(7, 4))
for key, label in (("with_reuse", "with prefix reuse"), ("without_reuse", "without reuse")):
    rows = data.get(key)
    if rows:
        ax.plot([r["turn"] for r in rows], [r["ttft_ms"] for r in rows], marker="o", label=label)
ax.set_xlabel("turn (each adds ~40 user tokens, 32 generated)")
ax.set_ylabel("time to first token (ms)")
ax.set_title(f"Multi-turn TTFT, {data.get('model', '')} ({data.get('weights', '')}, {data.get('threads', '')} threads)")
ax.grid(alpha=0.3)
ax.legend()
fig.tight_layout()
fig.savefig(sys.argv[2], dpi=120)
