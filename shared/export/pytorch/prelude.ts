/**
 * Python helpers a generated model.py defines once, at the top, only when a
 * layer asks for them (PytorchContext.helper): things Keras does that
 * PyTorch has no module for.
 */
import type { HelperName } from './hooks';

export const PRELUDE: Record<HelperName, string> = {
  Step: `class Step(nn.Module):
    """The Heaviside step of the classic perceptron: 1 where x > 0, else 0.

    Its gradient passes straight through, as if it were the identity, as in
    Netwright: with one step unit and a squared-error loss, training is then
    exactly the perceptron rule, w <- w + lr * (target - output) * x.
    """

    def forward(self, x):
        return (x > 0).to(x.dtype) + (x - x.detach())
`,

  keras_avg_pool: `def keras_avg_pool(pool, x, pads):
    """Average pooling with Keras's lopsided "same" padding, leaving padded cells
    out of each mean: pools x zero-padded, then divides by the share of real cells."""
    real = torch.ones_like(x[:1, :1])
    return pool(F.pad(x, pads)) / pool(F.pad(real, pads))
`,

  KerasRecurrent: `class KerasRecurrent(nn.Module):
    """A recurrent layer that nn.RNN, nn.GRU and nn.LSTM cannot express: other
    activations, or a GRU with reset_after=False (the reset gate applied before
    the recurrent product). It takes the same arguments and keeps the same
    parameters, with PyTorch's names and gate order, and returns what they return.
    """

    GATES = {"rnn": 1, "gru": 3, "lstm": 4}

    def __init__(self, cell, input_size, hidden_size, activation, recurrent_activation=None,
                 reset_after=True, batch_first=True, bias=True, bidirectional=False):
        super().__init__()
        assert batch_first, "KerasRecurrent reads (batch, time, features)"
        self.cell, self.hidden_size, self.reset_after = cell, hidden_size, reset_after
        self.activation, self.recurrent_activation = activation, recurrent_activation
        self.suffixes = ["", "_reverse"] if bidirectional else [""]
        gates = self.GATES[cell] * hidden_size
        bound = hidden_size ** -0.5
        for s in self.suffixes:
            shapes = {"weight_ih_l0": (gates, input_size), "weight_hh_l0": (gates, hidden_size)}
            if bias:
                shapes.update({"bias_ih_l0": (gates,), "bias_hh_l0": (gates,)})
            for name, shape in shapes.items():
                self.register_parameter(name + s, nn.Parameter(torch.empty(shape).uniform_(-bound, bound)))
            if not bias:
                self.register_parameter("bias_ih_l0" + s, None)
                self.register_parameter("bias_hh_l0" + s, None)

    def step(self, x, h, c, s):
        gi = F.linear(x, getattr(self, "weight_ih_l0" + s), getattr(self, "bias_ih_l0" + s))
        w_hh, b_hh = getattr(self, "weight_hh_l0" + s), getattr(self, "bias_hh_l0" + s)
        if self.cell == "rnn":
            return self.activation(gi + F.linear(h, w_hh, b_hh)), c
        if self.cell == "lstm":
            i, f, g, o = (gi + F.linear(h, w_hh, b_hh)).chunk(4, -1)
            f, i, o = self.recurrent_activation(f), self.recurrent_activation(i), self.recurrent_activation(o)
            c = f * c + i * self.activation(g)
            return o * self.activation(c), c
        H = self.hidden_size
        x_r, x_z, x_n = gi.chunk(3, -1)
        if self.reset_after:
            h_r, h_z, h_n = F.linear(h, w_hh, b_hh).chunk(3, -1)
            r, z = self.recurrent_activation(x_r + h_r), self.recurrent_activation(x_z + h_z)
            n = self.activation(x_n + r * h_n)
        else:
            h_r, h_z = F.linear(h, w_hh[:2 * H], None if b_hh is None else b_hh[:2 * H]).chunk(2, -1)
            r, z = self.recurrent_activation(x_r + h_r), self.recurrent_activation(x_z + h_z)
            n = self.activation(x_n + F.linear(r * h, w_hh[2 * H:], None if b_hh is None else b_hh[2 * H:]))
        return z * h + (1 - z) * n, c

    def forward(self, x):
        outputs, finals, cells = [], [], []
        for s in self.suffixes:
            h = x.new_zeros(x.shape[0], self.hidden_size)
            c = h
            steps = range(x.shape[1] - 1, -1, -1) if s else range(x.shape[1])
            ys = [None] * x.shape[1]
            for t in steps:
                h, c = self.step(x[:, t], h, c, s)
                ys[t] = h
            outputs.append(torch.stack(ys, 1))
            finals.append(h)
            cells.append(c)
        y, h_n, c_n = torch.cat(outputs, -1), torch.stack(finals), torch.stack(cells)
        return (y, (h_n, c_n)) if self.cell == "lstm" else (y, h_n)
`,
};

/** The helpers in a fixed order, so the same model always gives the same file. */
export const PRELUDE_ORDER: readonly HelperName[] = ['Step', 'keras_avg_pool', 'KerasRecurrent'];
