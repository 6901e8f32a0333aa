#!/usr/bin/env python3
"""PyTorch eager InternLM2 reference, for the side-by-side speed comparison with Puyu's CudaBackend.

Reads the same safetensors checkpoint (config.json + *.safetensors) that Puyu loads, runs the same math
(RMSNorm, packed wqkv [nKV][G+2][D], rotate-half RoPE with per-token dynamic NTK, GQA, SwiGLU) with a
contiguous KV cache, and reports decode tokens/s at a batch size and prefill tokens/s.

  python3 ops/cuda/torch_reference.py CHECKPOINT_DIR --batch 1 --decode 128 --prefill 1024
"""
import argparse, glob, json, math, os, time
import torch
from safetensors.torch import load_file


def load(ckpt, device):
    cfg = json.load(open(os.path.join(ckpt, "config.json")))
    w = {}
    for f in sorted(glob.glob(os.path.join(ckpt, "*.safetensors"))):
        w.update({k: v.to(device) for k, v in load_file(f).items()})
    return cfg, w


class Model:
    def __init__(self, cfg, w, max_len, batch, device):
        self.c, self.w = cfg, w
        self.H, self.L = cfg["hidden_size"], cfg["num_hidden_layers"]
        self.nH, self.nKV = cfg["num_attention_heads"], cfg["num_key_value_heads"]
        self.D, self.G = self.H // self.nH, self.nH // self.nKV
        self.eps, self.theta = cfg["rms_norm_eps"], cfg.get("rope_theta", 10000)
        self.mpe = cfg["max_position_embeddings"]
        rs = cfg.get("rope_scaling") or {}
        self.dynamic, self.factor = rs.get("type") == "dynamic", rs.get("factor", 1.0)
        dt = w["model.tok_embeddings.weight"].dtype
        shape = (self.L, batch, self.nKV, max_len, self.D)
        self.k = torch.zeros(shape, dtype=dt, device=device)
        self.v = torch.zeros(shape, dtype=dt, device=device)

    def angles(self, pos):  # pos [T] long -> cos, sin [T, D/2] (per-token dynamic NTK, as Puyu)
        L = (pos + 1).double()
        base = torch.full_like(L, float(self.theta))
        if self.dynamic:
            scaled = self.theta * ((self.factor * L / self.mpe) - (self.factor - 1)) ** (self.D / (self.D - 2))
            base = torch.where(L > self.mpe, scaled, base)
        i = torch.arange(self.D // 2, device=pos.device, dtype=torch.float64)
        ang = pos.double()[:, None] * base[:, None] ** (-2 * i / self.D)
        return ang.cos().float(), ang.sin().float()

    @staticmethod
    def rope(x, cos, sin):  # x [B, T, h, D]
        h = x.shape[-1] // 2
        a, b = x[..., :h], x[..., h:]
        c, s = cos[None, :, None, :].to(x.dtype), sin[None, :, None, :].to(x.dtype)
        return torch.cat([a * c - b * s, b * c + a * s], dim=-1)

    def norm(self, x, w):
        xf = x.float()
        return (w.float() * xf * torch.rsqrt(xf.pow(2).mean(-1, keepdim=True) + self.eps)).to(x.dtype)

    @torch.inference_mode()
    def forward(self, tokens, start):  # tokens [B, T]
        B, T = tokens.shape
        w, p = self.w, "model.layers.%d."
        x = w["model.tok_embeddings.weight"][tokens]
        cos, sin = self.angles(torch.arange(start, start + T, device=tokens.device))
        for l in range(self.L):
            h = self.norm(x, w[p % l + "attention_norm.weight"])
            qkv = (h @ w[p % l + "attention.wqkv.weight"].T).view(B, T, self.nKV, self.G + 2, self.D)
            q = self.rope(qkv[:, :, :, :self.G].reshape(B, T, self.nH, self.D), cos, sin)
            k = self.rope(qkv[:, :, :, self.G], cos, sin)
            self.k[l, :B, :, start:start + T] = k.transpose(1, 2)
            self.v[l, :B, :, start:start + T] = qkv[:, :, :, self.G + 1].transpose(1, 2)
            K = self.k[l, :B, :, :start + T].repeat_interleave(self.G, dim=1)
            V = self.v[l, :B, :, :start + T].repeat_interleave(self.G, dim=1)
            att = torch.nn.functional.scaled_dot_product_attention(
                q.transpose(1, 2), K, V, is_causal=(T > 1), scale=1 / math.sqrt(self.D)) if T == 1 or start == 0 else None
            x = x + att.transpose(1, 2).reshape(B, T, self.H) @ w[p % l + "attention.wo.weight"].T
            h = self.norm(x, w[p % l + "ffn_norm.weight"])
            g = torch.nn.functional.silu(h @ w[p % l + "feed_forward.w1.weight"].T) * (h @ w[p % l + "feed_forward.w3.weight"].T)
            x = x + g @ w[p % l + "feed_forward.w2.weight"].T
        return self.norm(x[:, -1], w["model.norm.weight"]) @ w["output.weight"].T


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("checkpoint")
    ap.add_argument("--batch", type=int, default=1)
    ap.add_argument("--decode", type=int, default=128)
    ap.add_argument("--prefill", type=int, default=1024)
    a = ap.parse_args()
    dev = "cuda"
    cfg, w = load(a.checkpoint, dev)
    m = Model(cfg, w, a.prefill + a.decode + 8, a.batch, dev)
    prompt = torch.randint(3, cfg["vocab_size"], (a.batch, a.prefill), device=dev)
    torch.cuda.synchronize(); t0 = time.perf_counter()
    nxt = m.forward(prompt, 0).argmax(-1)
    torch.cuda.synchronize(); t1 = time.perf_counter()
    for i in range(a.decode):
        nxt = m.forward(nxt[:, None], a.prefill + i).argmax(-1)
    torch.cuda.synchronize(); t2 = time.perf_counter()
    print(json.dumps({"engine": "torch-eager", "batch": a.batch, "prefill_tokens": a.prefill,
                      "prefill_tok_s": a.batch * a.prefill / (t1 - t0),
                      "decode_tok_s_per_seq": a.decode / (t2 - t1),
                      "decode_tok_s_aggregate": a.batch * a.decode / (t2 - t1)}))


if __name__ == "__main__":
    main()
