"""The PyTorch side of `npm run bench`: one long-lived process, one thread, driven by JSON lines on
stdin (setup, check, calibrate, steps, loss), answering one JSON line each on stdout. A step is the
same as the engine's: forward over the whole batch, softmax cross-entropy (mean over samples) plus
0.5 * l2 * sum(W^2), backward, and a plain SGD update. It times itself (perf_counter and process_time),
so the pipe's latency is not in the numbers."""
import json
import sys
import time

import torch

torch.set_num_threads(1)
models = {}


class Model:
    def __init__(self, m):
        self.dtype = torch.float64 if m["dtype"] == "float64" else torch.float32
        n, width = m["n"], m["targetWidth"]
        self.x = torch.tensor(m["x"], dtype=self.dtype).reshape(n, m["input"])
        self.y = torch.tensor(m["targets"], dtype=self.dtype).reshape(n, width)
        self.acts = [l["activation"] for l in m["layers"]]
        self.l2 = m["l2"]
        self.lr = m["lr"]
        self.initial = m["weights"]
        self.reset()

    def reset(self):
        self.params = []
        fan_in = self.x.shape[1]
        for layer, w in zip(self.acts, self.initial):
            units = len(w["b"])
            W = torch.tensor(w["W"], dtype=self.dtype).reshape(fan_in, units).requires_grad_()
            b = torch.tensor(w["b"], dtype=self.dtype).requires_grad_()
            self.params.append((W, b))
            fan_in = units
        self.opt = torch.optim.SGD([p for pair in self.params for p in pair], lr=self.lr)

    def loss(self):
        a = self.x
        last = len(self.params) - 1
        for i, (W, b) in enumerate(self.params):
            z = a @ W + b
            if i == last:
                a = z
            elif self.acts[i] == "sigmoid":
                a = torch.sigmoid(z)
            else:
                a = torch.relu(z)
        j = -(self.y * torch.log_softmax(a, dim=1)).sum(dim=1).mean()
        if self.l2 > 0:
            j = j + 0.5 * self.l2 * sum((W * W).sum() for W, _ in self.params)
        return j

    def step(self):
        self.opt.zero_grad(set_to_none=True)
        j = self.loss()
        j.backward()
        self.opt.step()
        return j

    def steps(self, n):
        w0, c0 = time.perf_counter_ns(), time.process_time_ns()
        j = None
        for _ in range(n):
            j = self.step()
        wall = (time.perf_counter_ns() - w0) / 1000 / n
        cpu = (time.process_time_ns() - c0) / 1000 / n
        return {"wall": wall, "cpu": cpu, "loss": float(j)}


def answer(m):
    cmd = m["cmd"]
    if cmd == "hello":
        return {"version": torch.__version__, "threads": torch.get_num_threads()}
    if cmd == "setup":
        models[m["key"]] = Model(m)
        return {"ok": True}
    model = models[m["key"]]
    if cmd == "check":
        model.reset()
        losses = [float(model.step()) for _ in range(m["steps"])]
        model.reset()
        return {"losses": losses}
    if cmd == "calibrate":
        n = 1
        while True:
            t = model.steps(n)["wall"] * n
            if t >= 20_000 or n >= 1 << 16:
                break
            n *= 4
        per = model.steps(n)["wall"]
        return {"n": max(1, round(m["ms"] * 1000 / per))}
    if cmd == "steps":
        return model.steps(m["n"])
    if cmd == "loss":
        with torch.no_grad():
            return {"loss": float(model.loss())}
    raise ValueError(f"unknown command {cmd}")


for line in sys.stdin:
    try:
        out = answer(json.loads(line))
    except Exception as e:  # the bench prints it and leaves PyTorch out
        out = {"error": f"{type(e).__name__}: {e}"}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
