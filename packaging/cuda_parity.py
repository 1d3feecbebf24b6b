#!/usr/bin/env python3
"""Runs every parity fixture through `perceiver run --device DEVICE` and compares each output
with the reference at the tolerance of the case's meta.json (|got - ref| <= atol + rtol*|ref|,
as tests/test_parity.cpp does). With --precision bf16/fp16 it reports the errors only: the
fixtures' tolerances are for float32.

usage: cuda_parity.py PERCEIVER_CLI FIXTURES_DIR [--device cuda] [--precision fp32]
Needs python3 with torch and safetensors (the GPU machines have both). Exit 1 on a failure."""
import argparse, json, os, subprocess, sys, tempfile

import torch
from safetensors.torch import load_file

ap = argparse.ArgumentParser()
ap.add_argument("cli")
ap.add_argument("fixtures")
ap.add_argument("--device", default="cuda")
ap.add_argument("--precision", default="fp32")
a = ap.parse_args()

failed = 0
with tempfile.TemporaryDirectory() as tmp:
    for case in sorted(os.listdir(a.fixtures)):
        d = os.path.join(a.fixtures, case)
        meta_path = os.path.join(d, "meta.json")
        if not os.path.isfile(meta_path):
            continue
        meta = json.load(open(meta_path))
        out = os.path.join(tmp, case + ".safetensors")
        cmd = [a.cli, "run", "--model", d, "--inputs", os.path.join(d, "io.safetensors"), "--out", out,
               "--device", a.device, "--precision", a.precision]
        kw = meta.get("forward_kwargs", {})
        if kw.get("output_attentions"):
            cmd.append("--output-attentions")
        if kw.get("output_hidden_states"):
            cmd.append("--output-hidden-states")
        if "constructor" in meta:
            cmd += ["--constructor", meta_path]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            print(f"FAIL {case}: exit {p.returncode}: {p.stderr.strip()}")
            failed += 1
            continue
        got, ref = load_file(out), load_file(os.path.join(d, "io.safetensors"))
        atol, rtol = meta["atol"], meta["rtol"]
        worst, bad = 0.0, []
        for name in meta["outputs"]:
            if name not in got:
                bad.append(f"{name} missing")
                continue
            g, r = got[name].double(), ref[name].double()
            if g.shape != r.shape:
                bad.append(f"{name} shape {tuple(g.shape)} != {tuple(r.shape)}")
                continue
            err = (g - r).abs()
            worst = max(worst, err.max().item())
            n_bad = int((err > atol + rtol * r.abs()).sum().item()) + int(g.isnan().sum().item())
            if n_bad:
                bad.append(f"{name}: {n_bad} of {g.numel()} out of tolerance (max |err| {err.max().item():.3g}, atol {atol})")
        extra = sorted(set(got) - set(meta["outputs"]))
        if extra:
            bad.append(f"unexpected outputs {extra}")
        strict = a.precision == "fp32"
        status = "FAIL" if bad and strict else ("info" if bad else "ok  ")
        print(f"{status} {case:38s} {len(meta['outputs']):3d} outputs, max |err| {worst:.3g} (atol {atol})")
        for b in bad[:4]:
            print("       " + b)
        failed += bool(bad and strict)
print(f"{failed} case(s) failed" if failed else "all cases within tolerance" if a.precision == "fp32" else "done")
sys.exit(1 if failed else 0)
