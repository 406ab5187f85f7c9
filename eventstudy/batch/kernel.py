r"""The fused per-event kernel of the batch engine (numba, compiled once and cached).

Arrays in, arrays out; no pandas and no per-event Python. One block of events
is processed in three calls that all release the GIL (with every test, chunk
by chunk of ``engine.PASS1_CHUNK`` events, so a chunk's matrices stay in
cache), so blocks run in parallel on threads (or on Dask workers):

1. :func:`fit_block` -- one pass over each event's estimation and event days:
   OLS fit of the normal-return model (constant mean, market model or a
   k-factor model) on the clean estimation days, abnormal returns and their
   exact standard errors, CARs with the exact :math:`\iota'V\iota` variance,
   t, and the SQ p-values (the per-event tests, from the event's residual
   row while it is in L1 cache); with every test also the residuals and span
   ARs of the block (``comb``) and an order-preserving sort key per value.
   Between blocks the engine calls scipy's ``stdtr`` for the t tails and
   :func:`t_tails` for both tails and the two-sided p-value (with every
   test, ``batch`` defers them until the events are back in their order and
   computes them beside the window tests: ``engine.fill_t_tails``).
2. ``numpy.sort`` of the block's ``int32`` keys (one SIMD sort per block;
   the key carries the column index in its low bits, see :func:`sort_key`).
3. :func:`tests_block` -- ranks from the sorted keys (average ranks for ties),
   the sign share, and the mergeable per-day sums of every multi-event test
   (Corrado/Cowan, GRANK's part known before the SCAR scale, Kolari-Pynnönen
   group sums by day 0), written into block-local accumulators.

The k-factor fit is compiled only when asked: :data:`fit_block_general`
(k > 1 regressors) is a variant of :func:`fit_block` made from the same
source (see :func:`_make_fit_block`); the engine always passes the same
argument types (read-only panel, ``int64`` indices), so each function is
compiled once.

:func:`grank_block` is GRANK's light second pass (no fit, no sort): it
re-forms each event's standardised residuals with :func:`residual` -- the
same function and operations as pass 1, so bitwise the same values -- and
adds the event point's effect once the cross-sectional SCAR scale is known.

Speed without changing a bit: loops over row slices (indices from 0, so
numba emits no negative-index wraparound and LLVM vectorises them), the next
events' panel stretches prefetched (:func:`prefetch`, a hint only), sums that
must stay sequential run several events side by side (:func:`_sums8`), and
every sum keeps its left-to-right order (no fastmath anywhere).

Notes
-----
Model for event :math:`i` with regressors :math:`x_t` (:math:`k` of them; the
benchmark for the market model, factors for FF3/FF5/Carhart, none for the
constant mean) and :math:`y_t` the return (less the risk-free rate for factor
models), fitted on the :math:`n` usable estimation days:

.. math::

    \hat\beta = S_{xx}^{-1}S_{xy},\quad \hat\alpha = \bar y - \hat\beta'\bar x,\quad
    \hat\sigma^2 = \frac{S_{yy} - \hat\beta' S_{xy}}{n - k - 1},

with centred sums :math:`S_{xx} = \sum (x_t-\bar x)(x_t-\bar x)'` etc. Abnormal
returns :math:`AR_\tau = y_\tau - \hat\alpha - \hat\beta'x_\tau`, and with
:math:`d_\tau = x_\tau - \bar x`,

.. math::

    \operatorname{Var}(AR_\tau) = \hat\sigma^2\big[1 + 1/n + d_\tau'S_{xx}^{-1}d_\tau\big],\quad
    \operatorname{Var}(CAR) = \hat\sigma^2\big[L_2 + L_2^2/n + D'S_{xx}^{-1}D\big],

:math:`D = \sum_{\tau\in W} d_\tau` over the :math:`L_2` days of the window with
an abnormal return: the exact :math:`\iota'V\iota` of
:math:`V = \hat\sigma^2(I + X^*(X'X)^{-1}X^{*\prime})` (MacKinlay 1997,
J. Econ. Literature 35, 13-39; Campbell, Lo & MacKinlay 1997, ch. 4).
For :math:`k = 1` the slope is :math:`S_{xy}/S_{xx}` and the quadratic forms
:math:`d^2/S_{xx}`, in the operation order of :mod:`eventstudy.models.core`.
"""

from __future__ import annotations

import numba
import numpy as np
from llvmlite import ir  # type: ignore[import-untyped]
from numba.core import cgutils, types
from numba.extending import intrinsic

# All compiled code lives in this one file: numba's cache is invalidated per file,
# so a cached caller can never keep a stale copy of a changed callee.
_jit = numba.njit(nogil=True, cache=True, error_model="numpy")
#: small helpers called once per value: inlined at numba's IR level (a call per value
#: passes whole array structs and blocks LLVM's loop optimisations)
_jit_inline = numba.njit(nogil=True, cache=True, error_model="numpy", inline="always")



def _prefetch_codegen(context, builder, signature, args):  # pragma: no cover (compiled)
    aryty = signature.args[0]
    ary = context.make_array(aryty)(context, builder, args[0])
    ptr = cgutils.get_item_pointer(context, builder, aryty, ary, [args[1]], wraparound=False)
    ptr = builder.bitcast(ptr, ir.IntType(8).as_pointer())
    i32 = ir.IntType(32)
    fn = cgutils.get_or_insert_function(
        builder.module, ir.FunctionType(ir.VoidType(), [ptr.type, i32, i32, i32]),
        "llvm.prefetch.p0")
    builder.call(fn, [ptr, i32(0), i32(2), i32(1)])  # read, locality 2 (L2 and beyond), data
    return context.get_dummy_value()


if getattr(numba.config, "DISABLE_JIT", False):  # the interpreted kernel (tests): a hint only
    def prefetch(a, j):
        """No-op: :func:`prefetch` hints the CPU's cache, it computes nothing."""
else:
    @intrinsic
    def prefetch(typingctx, a, j):
        """Hint the CPU to load the cache line of ``a[j]`` (1-d array; LLVM's ``prefetch``).

        The kernel reads each event's stretch of a random panel row; asking
        for the next event's stretch while this one is computed hides most of
        the memory latency. A hint only: no value depends on it.
        """
        return types.void(a, types.intp), _prefetch_codegen


@_jit_inline
def prefetch_span(a, start, stop, step):
    """:func:`prefetch` every ``step``-th element of ``a[start:stop]`` (clipped to ``a``)."""
    start = max(start, 0)
    stop = min(stop, a.shape[0])
    for j in range(start, stop, step):
        prefetch(a, j)
    if stop > start:
        prefetch(a, stop - 1)


STATUS_OK = 0
STATUS_OUTSIDE = 1
STATUS_INSUFFICIENT = 2

#: a row holds at most 2**INDEX_BITS values (its columns fit a sort key's low bits)
INDEX_BITS = 16
_KEY_MAX = 0x7FFFFFFF  # the largest int32: a missing value's key top bits are all ones


@_jit_inline
def key_bits(m):
    """Bits of a sort key that carry the column of a row of ``m`` values (at least 1)."""
    b = 1
    while (1 << b) < m:
        b += 1
    return b


@_jit_inline
def sort_key(v, f32_bits, j, cbits):
    """``int32`` sort key of ``v``: its ``float32`` order in the top bits, column ``j`` below.

    ``f32_bits`` are the IEEE bits of ``numpy.float32(v)`` (as ``int32``);
    ``cbits`` low bits carry the column (:func:`key_bits`). Rounding to
    ``float32`` never reverses an order (``v < w`` gives
    ``float32(v) <= float32(w)``), and a negative ``float32``'s bits but the
    sign flipped order like the values as ``int32``; the top ``32 - cbits``
    bits of that code are kept. So keys with different top bits are in the
    values' order, and values whose keys share their top bits (close values,
    or equal ones) are put in order by :func:`_ranks` with the true
    ``float64`` values; -0.0 (and a tiny negative value rounding to a
    ``float32`` -0.0 or subnormal) has top bits all ones, which
    :func:`_ranks` also checks, as -0.0 equals 0.0 (the top bits all zeros).
    Missing values (NaN) get the largest top bits: they sort last. numpy's
    AVX2 sort of 32-bit keys takes about 40% of the time of 64-bit ones.
    """
    if v != v:
        return np.int32(((_KEY_MAX >> cbits) << cbits) | j)
    x = np.int64(f32_bits)
    x = x ^ ((x >> 31) & _KEY_MAX)  # negative: every bit but the sign flipped
    return np.int32(((x >> cbits) << cbits) | j)


@_jit_inline
def residual(values, t, y_row, x_rows, rf_row, alpha, beta, k):
    r"""``y_t - (\hat\alpha + \hat\beta'x_t)`` on panel column ``t`` (NaN if any input is missing).

    Abnormal returns (pass 1) and the standardised residuals of GRANK's pass 2
    are formed here; pass 1's estimation residuals apply the same operations
    to the same packed values, so every pass sees bitwise the same numbers.
    ``y`` is net of the risk-free row when ``rf_row >= 0``.
    """
    y = values[y_row, t]
    if rf_row >= 0:
        y = y - values[rf_row, t]
    if k == 0:
        return y - alpha
    if k == 1:
        return y - (alpha + beta[0] * values[x_rows[0], t])
    f = alpha
    for r in range(k):
        f = f + beta[r] * values[x_rows[r], t]
    return y - f


@_jit_inline
def two_sided(gt, lt):
    """``min(1, 2 min(gt, lt))`` with numpy's ``minimum`` NaN rule (a NaN tail gives NaN).

    The two-sided p-value of the t test (:func:`t_tails`) and of SQ
    (:func:`fit_block`) from their one-sided tails.
    """
    if lt != lt:
        return lt
    if gt != gt:
        return gt
    m = 2.0 * (lt if lt <= gt else gt)
    return m if m < 1.0 else 1.0


@_jit
def _pairwise_leaf(a, start, n):
    """Numpy's pairwise-sum leaf (``n <= 128``): eight running sums, then the rest.

    Indexed by unsigned offsets into the slice (a signed index made numba add
    a negative-index wraparound per value, which kept the loop scalar).
    """
    b = a[start:start + n]
    if n < 8:
        res = 0.0
        for i in range(n):
            res += b[np.uint64(i)]
        return res
    r0 = b[0]
    r1 = b[1]
    r2 = b[2]
    r3 = b[3]
    r4 = b[4]
    r5 = b[5]
    r6 = b[6]
    r7 = b[7]
    stop = np.uint64(n - (n % 8))
    u = np.uint64(8)
    while u < stop:
        r0 += b[u]
        r1 += b[u + np.uint64(1)]
        r2 += b[u + np.uint64(2)]
        r3 += b[u + np.uint64(3)]
        r4 += b[u + np.uint64(4)]
        r5 += b[u + np.uint64(5)]
        r6 += b[u + np.uint64(6)]
        r7 += b[u + np.uint64(7)]
        u += np.uint64(8)
    res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
    while u < np.uint64(n):
        res += b[u]
        u += np.uint64(1)
    return res


@_jit
def pairwise_sum(a, start, n):
    """``numpy.add.reduce(a[start:start + n])`` bit for bit (numpy's pairwise summation).

    Means are taken this way so that a mean equals ``numpy.mean`` of the
    same values: a residual's sign (sign tests) then does not depend on
    rounding when a return equals the mean. See :func:`pairwise_sum_into`
    (the kernel's allocation-free form).
    """
    return pairwise_sum_into(a, start, n, np.empty((3, 64), np.int64), np.empty(64))


@_jit
def pairwise_sum_into(a, start, n, st, st_left):
    """:func:`pairwise_sum` with the caller's scratch (``st`` ``(3, 64)`` int64, ``st_left`` 64).

    numpy halves the range (``n // 2`` rounded down to a multiple of 8) down
    to leaves of at most 128 values; the recursion is unrolled into an
    explicit stack here (numba cannot load cached recursive functions), held
    in scratch the caller allocates once per block (an allocation per call
    cost more than the sum).
    """
    if n <= 128:
        return _pairwise_leaf(a, start, n)
    sp = 0
    st[0, 0] = start
    st[1, 0] = n
    st[2, 0] = 0
    ret = 0.0
    while sp >= 0:
        s = st[0, sp]
        m = st[1, sp]
        if m <= 128:
            ret = _pairwise_leaf(a, s, m)
            sp -= 1
            continue
        n2 = m // 2
        n2 -= n2 % 8
        ph = st[2, sp]
        if ph == 0:
            st[2, sp] = 1
            sp += 1
            st[0, sp] = s
            st[1, sp] = n2
            st[2, sp] = 0
        elif ph == 1:
            st_left[sp] = ret
            st[2, sp] = 2
            sp += 1
            st[0, sp] = s + n2
            st[1, sp] = m - n2
            st[2, sp] = 0
        else:
            ret = st_left[sp] + ret
            sp -= 1
    return ret


@_jit
def _spd_inverse(s, k, out):
    """Inverse of the symmetric positive definite ``s[:k, :k]`` by Cholesky; False if singular."""
    lo = np.zeros((k, k))
    for i in range(k):
        for j in range(i + 1):
            acc = s[i, j]
            for q in range(j):
                acc -= lo[i, q] * lo[j, q]
            if i == j:
                if not acc > 0.0:
                    return False
                lo[i, i] = np.sqrt(acc)
            else:
                lo[i, j] = acc / lo[j, j]
    inv_l = np.zeros((k, k))
    for i in range(k):
        inv_l[i, i] = 1.0 / lo[i, i]
        for j in range(i):
            acc = 0.0
            for q in range(j, i):
                acc -= lo[i, q] * inv_l[q, j]
            inv_l[i, j] = acc / lo[i, i]
    for i in range(k):
        for j in range(k):
            acc = 0.0
            for q in range(max(i, j), k):
                acc += inv_l[q, i] * inv_l[q, j]
            out[i, j] = acc
    return True


@_jit
def _quad(d, sinv, sxx, k):
    """:math:`d'S_{xx}^{-1}d` (``d*d/sxx`` for one regressor, as models.core)."""
    if k == 1:
        return d[0] * d[0] / sxx
    acc = 0.0
    for i in range(k):
        for j in range(k):
            acc += d[i] * sinv[i, j] * d[j]
    return acc


def _make_fit_block(general: bool):
    """Compile :func:`fit_block` with (``general``) or without the k-factor fit.

    ``general`` is a constant of the closure, so numba drops the k > 1 branch
    (centred cross-product matrix, Cholesky inverse) from the k <= 1 variant:
    the market and constant-mean models -- the study path -- never compile
    it, and factor models compile it on first use. Same source, same
    operations for k <= 1 in both variants; numba caches each (the closure
    constant is part of its cache key).
    """

    @_jit
    def fit_block(values, cover, has_cover, y_rows, x_rows, rf_rows, day0, e0, e1, lo, hi,
                  wa, wb, amin, bmax, min_est, mode, idx, min_sums,
                  status, n_est, params, sigma, ar, ar_se, car, se, nd, t_out,
                  sq_gt, sq_lt, sq_p, comb, keys):
        r"""Pass 1 for a block: fit, ARs, SEs, CARs, t and SQ p-values of each event, one pass each.

        Parameters
        ----------
        values
            Series-major panel ``(n_series, n_sessions)``; NaN = missing.
        cover
            ``(n_series, n_sessions)`` counts of other events' windows covering a
            session (estimation days with ``cover > 0`` are dropped) when
            ``has_cover``.
        y_rows, x_rows, rf_rows
            Per event: panel row of the asset, ``(n, k)`` rows of the regressors,
            row of the risk-free rate (-1: none).
        day0
            Per event: panel column of day 0.
        e0, e1, lo, hi
            Estimation window and the first/last relative day touched.
        wa, wb, amin, bmax
            Window bounds (relative days) and the event span ``min(wa)..max(wb)``.
        min_est
            Minimum usable estimation days.
        mode
            0: fit, ARs, CARs, SEs and t; 1: also the SQ p-values (the per-event
            tests); 2: also each event's residuals and span ARs in ``comb`` and
            their sort ``keys`` (the multi-event tests' inputs).
        idx
            Row of each block event in the output arrays (``arange`` for
            block-local outputs).
        min_sums
            The SQ minimum of complete sums.

        Outputs (per event of the block, written in place at row ``idx[i]``):
        ``status``, ``n_est``, ``params`` (``alpha, beta_1..beta_k``), ``sigma``,
        ``ar``, ``ar_se`` (event span), ``car``, ``se``, ``nd``, ``t_out`` (per
        window), ``sq_gt, sq_lt, sq_p`` (SQ p-values per window, NaN when untested:
        :math:`(1 + \#\{S \ge CAR\})/(n_S + 1)`, the same with :math:`\le`, and the
        two-sided :math:`\min(1, 2\min(p_>, p_<))` over the :math:`n_S` complete sums);
        at row ``i``: ``comb`` and its ``int32`` sort ``keys`` (:func:`sort_key`).

        Notes
        -----
        SQ (Gelbach, Helland & Klick 2013): the :math:`L_1 - L_2 + 1` sums of
        :math:`L_2` consecutive estimation residuals (complete sums only; a
        missing or dropped day leaves its sums out), each built left to right
        and shared across windows, compared with the window's CAR. :math:`L_2`
        is the number of days of the window with an abnormal return (``nd``):
        the CAR and its variance sum those days, so a window with a missing
        return is compared with sums of as many residuals as it adds
        (as :func:`eventstudy.stats.single.sq_pvalues` on the study path).
        """
        n = y_rows.shape[0]
        k = x_rows.shape[1]
        n_s = values.shape[1]
        l1 = e1 - e0 + 1
        lspan = bmax - amin + 1
        nw = wa.shape[0]
        # scratch (np.empty only: every entry is written before it is read; one allocation
        # implementation for numba to compile instead of np.zeros' three)
        xbar = np.empty(k)
        means = np.empty(k + 1)
        sxx = np.empty((k, k))
        sxy = np.empty(k)
        sinv = np.empty((k, k))
        beta = np.empty(k)
        d = np.empty(k)
        dev = np.empty(k)
        okm = np.empty(l1, dtype=np.bool_)
        buf = np.empty((k + 1) * l1)
        st = np.empty((3, 64), np.int64)
        st_left = np.empty(64)
        row_own = np.empty(l1 + lspan)
        f32 = np.empty(l1 + lspan, np.float32)  # a row as float32, for its sort keys
        f32_bits = f32.view(np.int32)
        cbits = key_bits(l1 + lspan)
        nan_key = np.int32((_KEY_MAX >> cbits) << cbits)
        acc = np.empty(l1)
        lmax = 0  # SQ sums are formed up to the longest window that fits the estimation window
        for w in range(nw):
            lmax = max(lmax, wb[w] - wa[w] + 1)
        lmax = min(lmax, l1)
        for i in range(n):
            o = idx[i]
            yr = y_rows[i]
            xr = x_rows[i]
            rr = rf_rows[i]
            d0 = day0[i]
            row = comb[i] if mode == 2 else row_own
            if i + 2 < n:  # a later event's panel stretch (into L2), while this one is computed
                t_next = day0[i + 2]
                prefetch_span(values[y_rows[i + 2]], t_next + lo, t_next + hi + 1, 8)
                if has_cover:
                    prefetch_span(cover[y_rows[i + 2]], t_next + lo, t_next + hi + 1, 64)
            if mode:
                for w in range(nw):
                    sq_gt[o, w] = np.nan
                    sq_lt[o, w] = np.nan
                    sq_p[o, w] = np.nan
            if d0 + lo < 0 or d0 + hi >= n_s:
                status[o] = STATUS_OUTSIDE
                n_est[o] = 0
                cnt = np.int64(-1)
            else:
                # usable estimation days, packed into buf (y, then each regressor), branch-free
                yrow = values[yr]
                crow = cover[yr] if has_cover else cover[0]
                cnt = np.int64(0)  # int64 from the start: one compiled pairwise_sum
                t0 = d0 + e0
                if k == 1 and rr < 0:  # the market model: tight loops over the row stretches
                    # (slices: indices from 0, so no negative-index wraparound per value)
                    ys = yrow[t0:t0 + l1]
                    xs = values[xr[0]][t0:t0 + l1]
                    cs = crow[t0:t0 + l1]
                    # the usable-day mask, one loop per case: a test of has_cover inside
                    # the loop kept LLVM from vectorising it
                    if has_cover:
                        for j in range(l1):
                            yv = ys[j]
                            xv = xs[j]
                            okm[j] = (yv == yv) & (xv == xv) & (cs[j] == 0)
                    else:
                        for j in range(l1):
                            yv = ys[j]
                            xv = xs[j]
                            okm[j] = (yv == yv) & (xv == xv)
                    bx = buf[l1:]
                    for j in range(l1):  # then the packing, branch-free
                        buf[cnt] = ys[j]
                        bx[cnt] = xs[j]
                        cnt += okm[j]
                else:
                    for j in range(l1):
                        t = t0 + j
                        yv = yrow[t]
                        if rr >= 0:
                            yv = yv - values[rr, t]
                        ok = yv == yv
                        for r in range(k):
                            xv = values[xr[r], t]
                            ok = ok & (xv == xv)
                            buf[(r + 1) * l1 + cnt] = xv
                        if has_cover:
                            ok = ok & (crow[t] == 0)
                        buf[cnt] = yv
                        okm[j] = ok
                        cnt += ok
                n_est[o] = float(cnt)
                if cnt < max(min_est, k + 2):
                    status[o] = STATUS_INSUFFICIENT
                    cnt = np.int64(-1)
            if cnt < 0:  # no fit: every output missing
                for j in range(k + 1):
                    params[o, j] = np.nan
                sigma[o] = np.nan
                for j in range(lspan):
                    ar[o, j] = np.nan
                    ar_se[o, j] = np.nan
                for w in range(nw):
                    car[o, w] = np.nan
                    se[o, w] = np.nan
                    t_out[o, w] = np.nan
                    nd[o, w] = 0
                if mode == 2:
                    for j in range(l1 + lspan):
                        row[j] = np.nan
                        keys[i, j] = nan_key | j
                continue
            status[o] = STATUS_OK
            nf = float(cnt)
            for r in range(k + 1):  # one call site, int64 offsets: one compiled specialisation
                means[r] = pairwise_sum_into(buf, r * l1, cnt, st, st_left) / nf
            ybar = means[0]
            for r in range(k):
                xbar[r] = means[r + 1]
            # centred sums
            syy = 0.0
            if k == 0:
                for j in range(cnt):
                    yc = buf[j] - ybar
                    syy += yc * yc
                alpha = ybar
                s2 = syy / (nf - 1.0)
            elif k == 1:
                sxy0 = 0.0
                sxx0 = 0.0
                xb = xbar[0]
                for j in range(cnt):
                    yc = buf[j] - ybar
                    xc = buf[l1 + j] - xb
                    syy += yc * yc
                    sxy0 += xc * yc
                    sxx0 += xc * xc
                sxx[0, 0] = sxx0
                beta[0] = sxy0 / sxx0
                alpha = ybar - beta[0] * xb
                s2 = (syy - beta[0] * sxy0) / (nf - 2.0)
            elif not general:  # pruned by numba in the k <= 1 variant
                alpha = np.nan
                s2 = np.nan
            else:
                for r in range(k):
                    sxy[r] = 0.0
                    for q in range(k):
                        sxx[r, q] = 0.0
                for j in range(cnt):
                    yc = buf[j] - ybar
                    syy += yc * yc
                    for r in range(k):
                        xc = buf[(r + 1) * l1 + j] - xbar[r]
                        sxy[r] += xc * yc
                        for q in range(r + 1):
                            sxx[r, q] += xc * (buf[(q + 1) * l1 + j] - xbar[q])
                for r in range(k):
                    for q in range(r):
                        sxx[q, r] = sxx[r, q]
                if _spd_inverse(sxx, k, sinv):
                    bs = 0.0
                    alpha = ybar
                    for r in range(k):
                        a_r = 0.0
                        for q in range(k):
                            a_r += sinv[r, q] * sxy[q]
                        beta[r] = a_r
                        alpha -= a_r * xbar[r]
                        bs += a_r * sxy[r]
                    s2 = (syy - bs) / (nf - k - 1.0)
                else:
                    alpha = np.nan
                    s2 = np.nan
                    for r in range(k):
                        beta[r] = np.nan
                        for q in range(k):
                            sinv[r, q] = np.nan
            params[o, 0] = alpha
            for r in range(k):
                params[o, 1 + r] = beta[r]
            sigma[o] = np.sqrt(s2)
            if mode and rr < 0 and k <= 1:  # estimation residuals from the panel stretch (the
                # values buf was packed from; :func:`residual`'s operations), dropped: NaN
                t0 = d0 + e0
                ys = values[yr][t0:t0 + l1]
                if k == 1:
                    xs = values[xr[0]][t0:t0 + l1]
                    b0 = beta[0]
                    for j in range(l1):
                        v = ys[j] - (alpha + b0 * xs[j])
                        row[j] = v if okm[j] else np.nan
                else:
                    for j in range(l1):
                        v = ys[j] - alpha
                        row[j] = v if okm[j] else np.nan
            elif mode:  # the same from the packed values (any k, risk-free rate)
                c = 0
                if k == 1:
                    b0 = beta[0]
                    for j in range(l1):
                        v = buf[c] - (alpha + b0 * buf[l1 + c])
                        row[j] = v if okm[j] else np.nan
                        c += okm[j]
                else:
                    for j in range(l1):
                        if k == 0:
                            v = buf[c] - alpha
                        else:
                            f = alpha
                            for r in range(k):
                                f = f + beta[r] * buf[(r + 1) * l1 + c]
                            v = buf[c] - f
                        row[j] = v if okm[j] else np.nan
                        c += okm[j]
            # event span: ARs and their standard errors
            for j in range(lspan):
                t = d0 + amin + j
                v = residual(values, t, yr, xr, rr, alpha, beta, k)
                ar[o, j] = v
                row[l1 + j] = v
                for r in range(k):
                    d[r] = values[xr[r], t] - xbar[r]
                v2 = 1.0 + 1.0 / nf
                if k > 0:
                    v2 = v2 + _quad(d, sinv, sxx[0, 0], k)
                ar_se[o, j] = np.sqrt(s2 * v2)
            if mode == 2:
                for j in range(l1 + lspan):
                    f32[j] = np.float32(row[j])
                for j in range(l1 + lspan):
                    keys[i, j] = sort_key(row[j], f32_bits[j], j, cbits)
            # windows: CAR over the days with an AR, exact variance, t
            for w in range(nw):
                a_w = 0.0
                m = 0
                for r in range(k):
                    dev[r] = 0.0
                for j in range(wa[w] - amin, wb[w] - amin + 1):
                    v = row[l1 + j]
                    if v == v:
                        a_w += v
                        m += 1
                        for r in range(k):
                            dev[r] += values[xr[r], d0 + amin + j]
                nd[o, w] = m
                if m == 0:
                    car[o, w] = np.nan
                    se[o, w] = np.nan
                    t_out[o, w] = np.nan
                    continue
                l2 = float(m)
                var = l2 + l2 * l2 / nf
                if k > 0:
                    for r in range(k):
                        dev[r] = dev[r] - l2 * xbar[r]
                    var = var + _quad(dev, sinv, sxx[0, 0], k)
                car[o, w] = a_w
                se[o, w] = np.sqrt(s2 * var)
                t_out[o, w] = a_w / se[o, w]
            if not mode:
                continue
            # SQ: complete L2-day sums of the residuals, built left to right, shared by windows:
            # after step h, acc[j] = (..(row[j] + row[j+1]) + ..) + row[j+h], the sums of
            # length h + 1 (one vectorised add pass per step, then the compares of the
            # windows of that length)
            for j in range(l1):
                acc[j] = row[j]
            for h in range(lmax):
                if h > 0:
                    for j in range(l1 - h):
                        acc[j] = acc[j] + row[j + h]
                for w in range(nw):
                    c = car[o, w]
                    if nd[o, w] - 1 != h or c != c:  # L2 = the window's days with an AR
                        continue
                    ge = 0
                    le = 0
                    n_sums = 0
                    for j in range(l1 - h):
                        v = acc[j]
                        n_sums += v == v
                        ge += v >= c
                        le += v <= c
                    if n_sums >= max(min_sums, 1):
                        cf = float(n_sums) + 1.0
                        p_gt = (1.0 + float(ge)) / cf
                        p_lt = (1.0 + float(le)) / cf
                        sq_gt[o, w] = p_gt
                        sq_lt[o, w] = p_lt
                        sq_p[o, w] = two_sided(p_gt, p_lt)

    return fit_block


#: k <= 1 (constant mean, market model)
fit_block = _make_fit_block(False)
#: any k (factor models); same code as :data:`fit_block` plus the k-factor fit
fit_block_general = _make_fit_block(True)


@_jit
def _ranks(comb_row, key_row, l1, perm, rank, base, sv, iw, pos):
    """Average ranks of a row's values (1-based) and of its first ``l1`` among themselves.

    ``key_row`` is the row's sorted keys (:func:`sort_key`). Returns the
    number of non-missing values; ``rank`` holds the ranks by column
    (missing: 0) and ``base`` (as long as the row; only its first ``l1``
    entries are meaningful) the ranks among the first ``l1`` values by column
    (missing: 0). ``perm`` (int64) and ``sv`` (float) are scratch as long as
    the row, ``iw`` int64 scratch ``(2, len + 1)``; ``pos`` is :func:`positions`
    of the row's length.

    Missing values (NaN keys sort last) are stripped before the walk, and the
    walk is branch-free: when every value is its own tie group ranks are
    positions; otherwise each position gets its tie group's first and last
    positions from two passes of selects, and the group's average rank
    :math:`(p + 1 + q)/2` and its rank among the first ``l1`` values (the
    running count of those columns) follow without a data-dependent branch.
    """
    m = comb_row.shape[0]
    cbits = key_bits(m)
    mask = (1 << cbits) - 1
    nan_top = _KEY_MAX >> cbits
    cnt = m
    while cnt > 0 and (key_row[cnt - 1] >> cbits) == nan_top:  # trailing missing values
        cnt -= 1
    for p in range(cnt, m):  # missing: rank 0
        j = np.int64(key_row[p]) & mask
        rank[j] = 0.0
        base[j] = 0.0
    ks = key_row[:cnt]
    ps = perm[:cnt]
    for p in range(cnt):
        ps[p] = np.int64(ks[p]) & mask
    # keys alone give the order unless two values share a key's top bits (close or equal
    # values), or one is -0.0 (equal to 0.0, whose top bits differ; -0.0's top bits, all
    # ones, are shared only by tiny negative values)
    shared = 0
    for p in range(1, cnt):
        shared |= (ks[p] >> cbits) == (ks[p - 1] >> cbits)
    neg0 = 0
    for p in range(cnt):
        neg0 |= (ks[p] >> cbits) == -1
    if shared != 0 or neg0 != 0:
        # repair the order of values that share a key's top bits (keys with different top
        # bits are in value order, so an insertion never leaves its run of equal tops; one
        # compare per value, rarely taken: cheaper than a branch on the tops)
        for p in range(1, cnt):
            j = ps[p]
            v = comb_row[j]
            q = p - 1
            while q >= 0 and comb_row[ps[q]] > v:
                ps[q + 1] = ps[q]
                q -= 1
            ps[q + 1] = j
        svs = sv[:cnt]
        for p in range(cnt):
            svs[p] = comb_row[ps[p]]
        tied = 0
        for p in range(1, cnt):
            tied |= svs[p] == svs[p - 1]
        if tied != 0:
            return _tied_ranks(ps, svs, cnt, l1, rank, base, iw)
    below = 0  # every value its own tie group: ranks are positions, read from pos
    for p in range(cnt):  # (p + 1.0 exactly; a table read instead of a conversion per value)
        j = ps[p]
        ju = np.uint64(j)  # unsigned: no negative-index wraparound per store
        rank[ju] = pos[p]
        base[ju] = pos[np.uint64(below)]  # below + 1.0; meaningful for j < l1 only
        below += j < l1
    return cnt


@_jit
def positions(m):
    """``[1.0, 2.0, .., m + 1.0]``: the ranks of positions ``0..m`` (exact floats)."""
    pos = np.empty(m + 1)
    for p in range(m + 1):
        pos[p] = p + 1.0
    return pos


@_jit
def _tied_ranks(ps, svs, cnt, l1, rank, base, iw):
    """:func:`_ranks` of a row with ties: ``ps`` columns in value order, ``svs`` their values."""
    first = iw[0]  # first position of each position's tie group
    est = iw[1]  # estimation values before each position (est[cnt]: all of them)
    first[0] = 0
    est[0] = 0
    e = np.int64(ps[0] < l1)
    f = np.int64(0)
    for p in range(1, cnt):  # selects as arithmetic: no branch on the data
        tie = np.int64(svs[p] == svs[p - 1])
        f = tie * f + (1 - tie) * p
        first[p] = f
        est[p] = e
        e += ps[p] < l1
    est[cnt] = e
    end = np.int64(cnt)  # one past the last position of the group
    for p in range(cnt - 1, -1, -1):
        if p + 1 < cnt:
            tie = np.int64(svs[p + 1] == svs[p])
            end = tie * end + (1 - tie) * (p + 1)
        f = first[p]
        j = ps[p]
        rank[j] = (f + 1 + end) / 2.0
        e_f = est[f]  # estimation values before the group
        base[j] = e_f + (est[end] - e_f + 1) / 2.0
    return cnt


@_jit
def _sums8(a, n):
    """``sum(a[e, :n])`` of each of the 8 rows of ``a``, left to right (8 chains side by side)."""
    s0 = s1 = s2 = s3 = s4 = s5 = s6 = s7 = 0.0
    for j in range(n):
        s0 += a[0, j]
        s1 += a[1, j]
        s2 += a[2, j]
        s3 += a[3, j]
        s4 += a[4, j]
        s5 += a[5, j]
        s6 += a[6, j]
        s7 += a[7, j]
    return (s0, s1, s2, s3, s4, s5, s6, s7)


@_jit
def _moments(comb, idx, status, day0, g_first, l1, pos_share, n_res, kp_z, kp_c, kp_n, kp_tot):
    r"""Per event: share of positive residuals, their number ``n_res[i]``; KP z-score group sums.

    For event :math:`i` with :math:`n_i` residuals :math:`e_{it}` (missing
    days skipped): ``pos_share`` :math:`= \#\{e_{it} > 0\}/n_i`; with
    :math:`\bar e_i` and :math:`s_i = (\sum_t (e_{it}-\bar e_i)^2/n_i)^{1/2}`, if
    :math:`s_i > 0`, :math:`z_{it} = (e_{it}-\bar e_i)/s_i` is added to its
    day-0 group's row ``kp_z[g]`` (``kp_c[g]`` counts), ``kp_n[g] += 1`` and
    ``kp_tot += [\sum_t z_{it}^2, n_i, 1]``.

    The three sums over days (of :math:`e`, of squared deviations, of
    :math:`z^2`) are sequential, left to right, and so latency-bound; their
    terms are formed in vectorised passes (0.0 for a missing day) and eight
    events' sums then run side by side (:func:`_sums8`), each in its own
    order: every sum is bitwise what one event alone gives (adding 0.0 is
    exact, as a sum that starts at +0.0 is never -0.0). Group sums are added
    event by event in block order.
    """
    n = comb.shape[0]
    lanes = 8
    ev = np.empty(n, np.int64)
    n_ev = 0
    for i in range(n):
        pos_share[idx[i]] = np.nan
        if status[idx[i]] == STATUS_OK:
            ev[n_ev] = i
            n_ev += 1
    terms = np.empty((lanes, l1))  # idle lanes of a last group: sums not used
    for e in range(lanes):
        for j in range(l1):
            terms[e, j] = 0.0
    mus = np.empty(lanes)
    sds = np.empty(lanes)
    cnts = np.empty(lanes, np.int64)
    for q in range(0, n_ev, lanes):
        n_l = min(lanes, n_ev - q)
        for e in range(n_l):  # residuals, 0.0 where missing; counts
            row = comb[ev[q + e]]
            tr = terms[e]
            c = 0
            npos = 0
            for j in range(l1):
                v = row[j]
                ok = v == v
                tr[j] = v if ok else 0.0
                c += ok
                npos += v > 0.0
            cnts[e] = c
            pos_share[idx[ev[q + e]]] = npos / c
            n_res[ev[q + e]] = c
        sums = _sums8(terms, l1)
        for e in range(n_l):  # squared deviations from the mean
            row = comb[ev[q + e]]
            tr = terms[e]
            mu = sums[e] / cnts[e]
            mus[e] = mu
            for j in range(l1):
                v = row[j]
                tr[j] = (v - mu) * (v - mu) if v == v else 0.0
        sums = _sums8(terms, l1)
        for e in range(n_l):  # z-scores into the group sums, event by event; then z^2
            i = ev[q + e]
            sd = np.sqrt(sums[e] / cnts[e])
            sds[e] = sd
            tr = terms[e]
            if not sd > 0:
                for j in range(l1):
                    tr[j] = 0.0
                continue
            row = comb[i]
            mu = mus[e]
            kz = kp_z[day0[i] - g_first]
            kc = kp_c[day0[i] - g_first]
            for j in range(l1):
                v = row[j]
                ok = v == v
                z = (v - mu) / sd if ok else 0.0
                kz[j] += z
                kc[j] += 1.0 if ok else 0.0
                tr[j] = z * z
        sums = _sums8(terms, l1)
        for e in range(n_l):
            if sds[e] > 0:
                kp_n[day0[ev[q + e]] - g_first] += 1.0
                kp_tot[0] += sums[e]
                kp_tot[1] += cnts[e]
                kp_tot[2] += 1.0


@_jit
def tests_block(comb, keys, idx, status, car, se, day0, g_first, l1, wa, wb, amin, pos_share,
                rank_sum, rank_cnt, rank_n, gb_sum, g_cnt, kp_z, kp_c, kp_n, kp_tot):
    """Pass 1b for a block: ranks, the sign share and the multi-event sums.

    Parameters
    ----------
    comb, keys
        From :func:`fit_block` (``mode=2``); ``keys`` sorted along each row.
    idx, status, car, se
        From :func:`fit_block` (per-event arrays at rows ``idx``).
    day0, g_first
        Day-0 columns and the block's first day 0 (the KP group of an event is
        ``day0 - g_first``).
    l1, wa, wb, amin
        Estimation length, windows (relative days) and the span's first day.

    Outputs: per event ``pos_share``; per block the per-day sums ``rank_sum,
    rank_cnt, gb_sum, g_cnt`` (window x day; an extra last row holds the events
    that count in every window, to be added to each window's row), ``rank_n``
    (window, same extra entry), KP group sums ``kp_z, kp_c`` (group x
    estimation day), ``kp_n`` (group) and ``kp_tot = [sum z^2, sum n_i, N]``.
    """
    n, m = comb.shape
    nw = wa.shape[0]
    perm = np.empty(m, dtype=np.int64)
    rank = np.empty(m)
    base = np.empty(m)  # ranks among the first l1 values (entries from l1 on: scratch)
    sv = np.empty(m)
    iw = np.empty((2, m + 1), np.int64)
    pos = positions(m)
    has = np.empty(nw, dtype=np.bool_)
    use = np.empty(nw, dtype=np.bool_)
    n_res = np.empty(n, np.int64)
    _moments(comb, idx, status, day0, g_first, l1, pos_share, n_res, kp_z, kp_c, kp_n, kp_tot)
    for i in range(n):
        o = idx[i]
        if status[o] != STATUS_OK:
            continue
        # ranks: Corrado/Cowan over estimation + span, GRANK's base among the residuals
        tt = _ranks(comb[i], keys[i], l1, perm, rank, base, sv, iw, pos)
        any_w = False
        for w in range(nw):
            h = False
            for j in range(wa[w] - amin, wb[w] - amin + 1):
                if comb[i, l1 + j] == comb[i, l1 + j]:
                    h = True
                    break
            has[w] = h
            t = car[o, w] / se[o, w]
            use[w] = t - t == 0.0  # finite
            any_w = any_w or h or use[w]
        if not any_w:
            continue
        r1 = 1.0 / (tt + 1.0)
        r2 = 1.0 / (n_res[i] + 2.0)  # 1 / (T_i + 1)
        all_has = True
        all_use = True
        for w in range(nw):
            all_has = all_has and has[w]
            all_use = all_use and use[w]
        # row nw collects the events that count in every window (the usual case)
        for w in range(nw + 1):
            if (w == nw and all_has) or (w < nw and has[w] and not all_has):
                rank_n[w] += 1.0
                for j in range(m):  # missing values have rank 0: no branch needed
                    rank_sum[w, j] += rank[j] * r1
                    rank_cnt[w, j] += rank[j] > 0.0
            if (w == nw and all_use) or (w < nw and use[w] and not all_use):
                for j in range(l1):
                    gb_sum[w, j] += base[j] * r2
                    g_cnt[w, j] += base[j] > 0.0


@_jit
def grank_block(values, cover, has_cover, y_rows, x_rows, rf_rows, day0, e0, e1, idx,
                status, params, sigma, g, ga_sum, g0):
    r"""GRANK pass 2 for a block: the event point's effect on the ranks.

    With :math:`g_i = SCAR_i/s(SCAR)` and the event's standardised residuals
    :math:`SAR_{it}` (re-formed by :func:`residual` on the same usable days
    as pass 1), adding :math:`g_i` lifts the rank of every SAR above it by
    one (a tie by one half): :math:`a_{it} = [g_i < SAR_{it}] +
    \tfrac12[g_i = SAR_{it}]`. The integers :math:`2a_{it}` are counted per
    window, day and the event's :math:`n_i` (so the sums are exact), and
    ``ga_sum[w, t]`` receives :math:`\sum_i a_{it}/(T_i+1)` as
    :math:`\sum_{n} c_{wnt} \cdot \tfrac12/(n+2)` over ascending :math:`n`
    (:math:`c` the count of :math:`2a` of events with :math:`n_i = n`); for the
    event point :math:`U_{i0} = (1 + n_i - \sum_t a_{it})/(T_i+1) - 1/2`,
    its sum and count go to ``g0[w] = [sum, count]`` (:math:`T_i = n_i+1`).

    The count rows are block scratch, one per value of :math:`n_i` met (the
    events of a block have few distinct counts of usable days): a row is
    zeroed when its :math:`n` first occurs, and the weighted sum visits
    only those rows, in ascending :math:`n` -- the order and operations of
    ``numpy.einsum("wnt,n->wt", counts, 0.5 / (arange(l1 + 1) + 2.0))`` on the
    full count array (a row of zeros adds +0.0, which changes no sum).
    """
    n = y_rows.shape[0]
    k = x_rows.shape[1]
    l1 = e1 - e0 + 1
    nw = g.shape[1]
    sar = np.empty(l1)
    beta = np.empty(k)
    slot = np.empty(l1 + 1, np.int64)  # count row of each n_i (-1: not met yet)
    for q in range(l1 + 1):
        slot[q] = -1
    cnt = np.empty((l1 + 1, nw, l1), np.int32)  # rows in order of first use (untouched: free)
    n_slots = 0
    for i in range(n):
        o = idx[i]
        if i + 1 < n:  # the next event's estimation stretch (see :func:`fit_block`)
            t_next = day0[i + 1] + e0
            prefetch_span(values[y_rows[i + 1]], t_next, t_next + l1, 8)
            if has_cover:
                prefetch_span(cover[y_rows[i + 1]], t_next, t_next + l1, 64)
        if status[o] != STATUS_OK:
            continue
        anyg = False
        for w in range(nw):
            if g[o, w] == g[o, w]:
                anyg = True
        if not anyg:
            continue
        yr = y_rows[i]
        xr = x_rows[i]
        rr = rf_rows[i]
        alpha = params[o, 0]
        for r in range(k):
            beta[r] = params[o, 1 + r]
        n_i = 0
        s_o = sigma[o]
        t0 = day0[i] + e0
        crow = cover[yr] if has_cover else cover[0]
        if k == 1 and rr < 0:  # the market model: :func:`residual`'s operations, one tight loop
            ys = values[yr][t0:t0 + l1]  # slices: no negative-index wraparound per value
            xs = values[xr[0]][t0:t0 + l1]
            cs = crow[t0:t0 + l1]
            b0 = beta[0]
            if has_cover:  # one loop per case (a test inside kept it from vectorising)
                for j in range(l1):
                    v = ys[j] - (alpha + b0 * xs[j])
                    v = v if cs[j] == 0 else np.nan
                    sar[j] = v / s_o
                    n_i += v == v
            else:
                for j in range(l1):
                    v = ys[j] - (alpha + b0 * xs[j])
                    sar[j] = v / s_o
                    n_i += v == v
        else:
            for j in range(l1):
                v = residual(values, t0 + j, yr, xr, rr, alpha, beta, k)
                if has_cover and crow[t0 + j] != 0:
                    v = np.nan
                sar[j] = v / s_o
                n_i += v == v
        s_i = slot[n_i]
        if s_i < 0:
            s_i = n_slots
            slot[n_i] = s_i
            n_slots += 1
            for w in range(nw):
                for j in range(l1):
                    cnt[s_i, w, j] = 0
        t1 = n_i + 2.0
        for w in range(nw):
            gi = g[o, w]
            if gi != gi:
                continue
            above2 = 0  # twice the number above (a tie counts one half)
            row = cnt[s_i, w]
            for j in range(l1):
                v = sar[j]
                a2 = 2 * (v > gi) + (v == gi)  # NaN: 0
                row[j] += a2
                above2 += a2
            g0[w, 0] += (1.0 + n_i - 0.5 * above2) / t1 - 0.5
            g0[w, 1] += 1.0
    # a / (T_i + 1) = 2a * 0.5 / (n_i + 2), summed per (window, day) over ascending n
    for w in range(nw):
        for j in range(l1):
            ga_sum[w, j] = 0.0
    for q in range(l1 + 1):
        s_q = slot[q]
        if s_q < 0:
            continue
        h = 0.5 / (q + 2.0)
        for w in range(nw):
            row = cnt[s_q, w]
            out = ga_sum[w]
            for j in range(l1):
                out[j] = out[j] + row[j] * h


@_jit
def t_tails(t, small, pt_gt, pt_lt, pvalue):
    """Both tails and the two-sided p-value of ``t`` from its smaller tail ``small``.

    ``small = stdtr(dof, -|t|)`` (scipy's Student t CDF, called by the
    engine); the larger tail is ``1 - small``: ``pt_gt = P(T >= t)``, ``pt_lt
    = P(T <= t)`` and ``pvalue = min(1, 2 min(pt_gt, pt_lt))`` -- numpy's
    ``where``/``minimum`` operations in one pass (NaN stays NaN).
    """
    for i in range(t.shape[0]):
        for w in range(t.shape[1]):
            s = small[i, w]
            c = 1.0 - s
            if t[i, w] > 0:
                gt, lt = s, c
            else:
                gt, lt = c, s
            pt_gt[i, w] = gt
            pt_lt[i, w] = lt
            pvalue[i, w] = two_sided(gt, lt)


@_jit
def gather_rows(src, flat, rows, dst):
    """``dst[r] = src[rows[r]]`` (``uint64`` views: a bit copy), prefetching rows ahead.

    ``flat`` is ``src`` as one row. The source rows are random; asking for
    the row 16 ahead while this one is copied turns a latency-bound gather
    into a throughput-bound one.
    """
    n, c = dst.shape
    ahead = 16
    for r in range(n):
        if r + ahead < n:
            prefetch(flat, rows[r + ahead] * c)
        s = rows[r]
        for q in range(c):
            dst[r, q] = src[s, q]


@_jit
def row_keys(a, keys):
    """:func:`sort_key` of every value of ``a`` (``keys``: ``int32``, the shape of ``a``)."""
    m = a.shape[1]
    cbits = key_bits(m)
    f32 = np.empty(m, np.float32)
    f32_bits = f32.view(np.int32)
    for i in range(a.shape[0]):
        for j in range(m):
            f32[j] = np.float32(a[i, j])
        for j in range(m):
            keys[i, j] = sort_key(a[i, j], f32_bits[j], j, cbits)


@_jit
def rank_walk(a, keys, l1, ranks, base, count):
    """:func:`_ranks` of every row of ``a`` from its sorted ``keys``."""
    m = a.shape[1]
    perm = np.empty(m, dtype=np.int64)
    sv = np.empty(m)
    iw = np.empty((2, m + 1), np.int64)
    full = np.empty(m)
    pos = positions(m)
    for i in range(a.shape[0]):
        count[i] = _ranks(a[i], keys[i], l1, perm, ranks[i], full, sv, iw, pos)
        for j in range(l1):
            base[i, j] = full[j]


@_jit
def cover_rows(cover, y_rows, day0, amin, bmax, r0, r1):
    """Count in ``cover`` the spans ``[day0+amin, day0+bmax]`` of the events on rows ``r0..r1-1``.

    Per (series, session) of a zeroed ``uint8`` ``cover``: the events whose
    span covers it, saturating at 255 (the kernel only asks "> 0"); events on
    other rows are skipped, so two calls on disjoint row ranges can run at
    once. Each event's cell is prefetched 16 events ahead (a hint only).
    """
    n_sessions = cover.shape[1]
    flat = cover.reshape(-1)
    n = y_rows.shape[0]
    ahead = 16
    for i in range(n):
        if i + ahead < n:
            q = y_rows[i + ahead]
            if r0 <= q < r1:
                prefetch(flat, q * n_sessions + min(max(day0[i + ahead] + amin, 0),
                                                    n_sessions - 1))
        r = y_rows[i]
        if r < r0 or r >= r1:
            continue
        for t in range(max(day0[i] + amin, 0), min(day0[i] + bmax + 1, n_sessions)):
            if cover[r, t] < 255:
                cover[r, t] += 1


@_jit
def finite_column_sums(a, sums, counts):
    """Per column of ``a``: the sum of its finite values and how many there are.

    ``sums`` are bitwise ``np.where(np.isfinite(a), a, 0.0).sum(axis=0)`` of a
    C-contiguous ``a`` with at least two columns (one column numpy sums
    pairwise, as a contiguous vector): numpy reduces over rows one row at a time (the first
    row, then each later row added elementwise, a non-finite value as 0.0),
    so this loop adds in the same order, in one pass and without the masked
    copy. ``counts`` are ``np.isfinite(a).sum(axis=0)``.
    """
    n, m = a.shape
    for j in range(m):
        x = a[0, j]
        fin = np.isfinite(x)
        sums[j] = x if fin else 0.0
        counts[j] = 1 if fin else 0
    for i in range(1, n):
        for j in range(m):
            x = a[i, j]
            if np.isfinite(x):
                sums[j] += x
                counts[j] += 1
            else:
                sums[j] += 0.0


@_jit
def count_inf(a):
    """How many values of the C-contiguous ``a`` are infinite (one pass, no mask array).

    ``int(np.isinf(a).sum())`` at about half the time of ``np.isinf(a).any()``
    on a panel (no 8-million-entry boolean array written and read back).
    """
    f = a.reshape(-1)
    c = 0
    for j in range(f.shape[0]):
        c += np.isinf(f[j])
    return c
