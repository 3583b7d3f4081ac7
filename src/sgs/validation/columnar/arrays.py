"""Arrow arrays made from Python values without pyarrow's conversion machinery.

Converting any Python object (``pa.array([...])``, a scalar argument such as
``pc.equal(x, 1)``) makes pyarrow import pandas where it is installed, half a
second of start-up. These build the few arrays the columnar engine needs from
their buffers instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pyarrow as pa

__all__ = ["as_numpy", "booleans", "indices", "strings"]

_DTYPES = {
    pa.int8(): np.int8,
    pa.int16(): np.int16,
    pa.int32(): np.int32,
    pa.int64(): np.int64,
    pa.uint32(): np.uint32,
    pa.float64(): np.float64,
}


def indices(where: Any) -> pa.Array:
    """An int64 array of the integers ``where`` (a numpy array or a sequence).

    >>> indices([3, 1]).to_pylist()
    [3, 1]
    """
    data = np.ascontiguousarray(where, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(data), [None, pa.py_buffer(data)])


def booleans(values: Any) -> pa.Array:
    """A boolean array of ``values`` (a numpy array or a sequence).

    >>> booleans([True, False, True]).to_pylist()
    [True, False, True]
    """
    flags = np.asarray(values, dtype=bool)
    bits = np.packbits(flags, bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(flags), [None, pa.py_buffer(bits)])


def strings(texts: Iterable[str]) -> pa.Array:
    """A string array of ``texts``.

    >>> strings(["无", "/"]).to_pylist()
    ['无', '/']
    """
    encoded = [t.encode("utf-8") for t in texts]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int32)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    data = pa.py_buffer(b"".join(encoded))
    return pa.Array.from_buffers(pa.string(), len(encoded), [None, pa.py_buffer(offsets), data])


def as_numpy(array: pa.Array) -> Any:
    """A numpy copy of a boolean, integer or float64 array (float nulls become NaN).

    >>> import pyarrow.compute as pc
    >>> as_numpy(pc.binary_length(strings(["ab", ""]))).tolist()
    [2, 0]
    >>> as_numpy(pc.equal(indices([1, 2]), indices([1, 3]))).tolist()
    [True, False]
    """
    n, offset = len(array), array.offset
    buffers = array.buffers()
    if array.type == pa.bool_():
        bits = np.frombuffer(buffers[1], dtype=np.uint8)
        values = np.unpackbits(bits, bitorder="little")[offset : offset + n].astype(bool)
        fill: Any = False
    else:
        dtype = _DTYPES[array.type]
        values = np.frombuffer(buffers[1], dtype=dtype)[offset : offset + n].copy()
        fill = np.nan if dtype is np.float64 else 0
    if array.null_count:
        valid = np.frombuffer(buffers[0], dtype=np.uint8)
        valid = np.unpackbits(valid, bitorder="little")[offset : offset + n].astype(bool)
        if fill is not False and not isinstance(fill, float):
            raise ValueError("integer arrays with nulls have no numpy form here")
        values[~valid] = fill
    return values
