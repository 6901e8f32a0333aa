#!/usr/bin/python3
"""Independent NumPy reference of the InternLM2 forward pass, written from shared/internlm2/FACTS.md.

It shares no code with Puyu's Java engine. It reads a Hugging Face style checkpoint directory
(config.json + *.safetensors, with or without model.safetensors.index.json), runs the model in float64
(no KV cache: every step recomputes the whole sequence), and writes a golden JSON file with, per prompt:
the full logits (float32, base64) of the last --prompt-positions prompt positions, and the greedy
continuation with, per step,
the chosen token, the logits at a fixed set of sampled vocabulary ids, the largest |logit|, the margin
between the best two logits, and for the first --full-steps steps the full logits.

RoPE scaling "dynamic" is evaluated per token, as Puyu documents it (RotaryEmbedding.java): the token at
position p is rotated with base' = base * ((factor * L / mpe) - (factor - 1)) ** (D / (D - 2)) for
L = p + 1 when L > mpe (plain base otherwise), which is what Hugging Face's
InternLM2DynamicNTKScalingRotaryEmbedding computes when tokens are fed one at a time.

Run with Debian's numpy:  /usr/bin/python3 ops/reference/internlm2_reference.py --model DIR --out FILE ...
"""
import argparse
import base64
import glob
import json
import os
import shlex
import struct
import sys

import numpy as np


def read_safetensors(path):
    """All tensors of one safetensors file as float64 arrays."""
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + header_len].decode("utf-8"))
    base = 8 + header_len
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        raw = data[base + start: base + end]
        dtype = info["dtype"]
        if dtype == "F32":
            a = np.frombuffer(raw, dtype="<f4")
        elif dtype == "F16":
            a = np.frombuffer(raw, dtype="<f2").astype(np.float32)
        elif dtype == "BF16":
            a = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
        else:
            raise SystemExit(f"{path}: tensor {name} has unsupported dtype {dtype}")
        out[name] = a.astype(np.float64).reshape(info["shape"])
    return out


def read_checkpoint(model_dir):
    with open(os.path.join(model_dir, "config.json")) as f:
        config = json.load(f)
    files = sorted(glob.glob(os.path.join(model_dir, "*.safetensors")))
    if not files:
        raise SystemExit(f"{model_dir}: no .safetensors files")
    weights = {}
    for path in files:
        weights.update(read_safetensors(path))
    return config, weights


class InternLM2:
    def __init__(self, config, weights):
        self.H = config["hidden_size"]
        self.L = config["num_hidden_layers"]
        self.nH = config["num_attention_heads"]
        self.nKV = config["num_key_value_heads"]
        self.D = self.H // self.nH
        self.G = self.nH // self.nKV
        self.eps = config["rms_norm_eps"]
        self.theta = config["rope_theta"]
        self.mpe = config["max_position_embeddings"]
        scaling = config.get("rope_scaling") or {}
        self.scaling_type = scaling.get("type")
        self.factor = scaling.get("factor", 1.0)
        self.w = weights

    def base_at(self, p):
        length = p + 1
        if self.scaling_type == "dynamic" and length > self.mpe:
            f = self.factor
            return self.theta * ((f * length / self.mpe) - (f - 1)) ** (self.D / (self.D - 2))
        return self.theta

    def rope_tables(self, n):
        half = self.D // 2
        cos = np.zeros((n, half))
        sin = np.zeros((n, half))
        for p in range(n):
            inv_freq = self.base_at(p) ** (-(2.0 * np.arange(half)) / self.D)
            pos = p / self.factor if self.scaling_type == "linear" else p
            cos[p] = np.cos(pos * inv_freq)
            sin[p] = np.sin(pos * inv_freq)
        return cos, sin

    def rms_norm(self, x, weight):
        return weight * (x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + self.eps))

    @staticmethod
    def rotate(x, cos, sin):
        # x: [n, heads, D]; dimension i pairs with i + D/2 (rotate-half).
        half = x.shape[-1] // 2
        a, b = x[..., :half], x[..., half:]
        c, s = cos[:, None, :], sin[:, None, :]
        return np.concatenate([a * c - b * s, b * c + a * s], axis=-1)

    def hidden(self, ids):
        """Final-normed hidden states for every position of ids: [n, H]."""
        n = len(ids)
        D, G, nKV, nH = self.D, self.G, self.nKV, self.nH
        x = self.w["model.tok_embeddings.weight"][np.array(ids)]
        cos, sin = self.rope_tables(n)
        mask = np.triu(np.full((n, n), -np.inf), k=1)
        for i in range(self.L):
            p = f"model.layers.{i}."
            h = self.rms_norm(x, self.w[p + "attention_norm.weight"])
            qkv = h @ self.w[p + "attention.wqkv.weight"].T  # [n, nKV*(G+2)*D]
            qkv = qkv.reshape(n, nKV, G + 2, D)
            q = qkv[:, :, :G, :].reshape(n, nH, D)  # head g*G + j
            k = qkv[:, :, G, :]  # [n, nKV, D]
            v = qkv[:, :, G + 1, :]
            q = self.rotate(q, cos, sin)
            k = self.rotate(k, cos, sin)
            att = np.zeros((n, nH, D))
            for head in range(nH):
                g = head // G
                scores = (q[:, head, :] @ k[:, g, :].T) / np.sqrt(D) + mask
                scores = scores - scores.max(axis=-1, keepdims=True)
                probs = np.exp(scores)
                probs /= probs.sum(axis=-1, keepdims=True)
                att[:, head, :] = probs @ v[:, g, :]
            x = x + att.reshape(n, nH * D) @ self.w[p + "attention.wo.weight"].T
            h = self.rms_norm(x, self.w[p + "ffn_norm.weight"])
            gate = h @ self.w[p + "feed_forward.w1.weight"].T
            up = h @ self.w[p + "feed_forward.w3.weight"].T
            act = gate / (1.0 + np.exp(-gate)) * up
            x = x + act @ self.w[p + "feed_forward.w2.weight"].T
        return self.rms_norm(x, self.w["model.norm.weight"])

    def logits(self, hidden):
        return hidden @ self.w["output.weight"].T


def b64_f32(a):
    return base64.b64encode(np.asarray(a, dtype="<f4").tobytes()).decode("ascii")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", required=True, help="checkpoint directory")
    ap.add_argument("--out", required=True, help="golden JSON file to write")
    ap.add_argument("--prompt", action="append", required=True, help="comma-separated prompt ids (repeatable)")
    ap.add_argument("--steps", type=int, default=64, help="greedy steps per prompt")
    ap.add_argument("--sample-ids", type=int, default=48, help="vocabulary ids whose logits are kept per step")
    ap.add_argument("--full-steps", type=int, default=4, help="greedy steps whose full logits are kept")
    ap.add_argument("--prompt-positions", type=int, default=16, help="last prompt positions whose full logits are kept")
    ap.add_argument("--max-position-embeddings", type=int, help="override the config's (to exercise dynamic NTK)")
    ap.add_argument("--describe", default="", help="how the model was made (recorded in the golden)")
    args = ap.parse_args()

    config, weights = read_checkpoint(args.model)
    if args.max_position_embeddings:
        config["max_position_embeddings"] = args.max_position_embeddings
    model = InternLM2(config, weights)
    vocab = config["vocab_size"]
    rng = np.random.default_rng(12345)
    sample_ids = sorted(set(rng.choice(vocab, size=min(args.sample_ids, vocab), replace=False).tolist()))

    prompts = []
    for text in args.prompt:
        ids = [int(t) for t in text.split(",")]
        seq = list(ids)
        hidden = model.hidden(seq)
        prompt_logits = model.logits(hidden)  # [n, V]
        steps = []
        for step in range(args.steps):
            row = prompt_logits[-1] if step == 0 else model.logits(model.hidden(seq)[-1:])[0]
            order = np.argsort(-row, kind="stable")
            token = int(order[0])
            entry = {
                "token": token,
                "max_abs": float(np.max(np.abs(row))),
                "margin": float(row[order[0]] - row[order[1]]),
                "sampled_f32_b64": b64_f32(row[sample_ids]),
            }
            if step < args.full_steps:
                entry["logits_f32_b64"] = b64_f32(row)
            steps.append(entry)
            seq.append(token)
            print(f"prompt {len(prompts)} step {step}: {token}", file=sys.stderr)
        prompts.append({
            "prompt_ids": ids,
            "prompt_logits_from": len(ids) - len(prompt_logits[-args.prompt_positions:]),
            "prompt_logits_f32_b64": b64_f32(prompt_logits[-args.prompt_positions:].reshape(-1)),
            "greedy": [s["token"] for s in steps],
            "steps": steps,
        })

    golden = {
        "generator": "ops/reference/internlm2_reference.py (NumPy, float64)",
        "model": args.describe,
        "command": "/usr/bin/python3 ops/reference/internlm2_reference.py " + " ".join(
            shlex.quote(os.path.basename(a) if prev in ("--model", "--out") else a)
            for prev, a in zip([""] + sys.argv[1:], sys.argv[1:])),
        "max_position_embeddings": config["max_position_embeddings"],
        "vocab_size": vocab,
        "sample_ids": sample_ids,
        "prompts": prompts,
    }
    with open(args.out, "w") as f:
        json.dump(golden, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
