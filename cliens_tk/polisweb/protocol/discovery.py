"""Parameter names discovered with ``getServiceDescriptor``, cached per (GL, service, query).

Most parameter names are unpublished and their spelling varies (``idUfficio``/``IDUFFICIO``),
so the client asks each back-end once for a query's descriptor, then binds its own canonical
names (``assumptions``) to the server's spelling and declared types. Binding with the declared
type avoids the ``Can not set value type`` fault.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping

from cliens_tk.polisweb.protocol.errors import CallContext, ProtocolMismatchError
from cliens_tk.polisweb.protocol.model import ServiceDescriptor
from cliens_tk.polisweb.protocol.soap_requests import (
    SIECIC_ROLE_PARAM,
    VALUE_TYPES,
    Value,
    format_value,
    infer_type,
)


class DescriptorCache:
    """A small thread-safe cache of service descriptors keyed by (GL, service, query)."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str, str], ServiceDescriptor] = {}
        self._lock = threading.Lock()

    @staticmethod
    def key(gl: str, service: str, query: str) -> tuple[str, str, str]:
        return gl.strip().upper(), service.strip().upper(), query.strip().lower()

    def get(self, gl: str, service: str, query: str) -> ServiceDescriptor | None:
        with self._lock:
            return self._items.get(self.key(gl, service, query))

    def put(self, gl: str, service: str, query: str, descriptor: ServiceDescriptor) -> None:
        with self._lock:
            self._items[self.key(gl, service, query)] = descriptor

    def get_or_fetch(self, gl: str, service: str, query: str,
                     fetch: Callable[[], ServiceDescriptor]) -> ServiceDescriptor:
        """The cached descriptor, or ``fetch()``'s result, stored for next time.

        ``fetch`` runs outside the lock: two threads may both fetch once; both get a result.
        """
        found = self.get(gl, service, query)
        if found is not None:
            return found
        descriptor = fetch()
        self.put(gl, service, query, descriptor)
        return descriptor

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._items)


def bind_values(
    descriptor: ServiceDescriptor,
    values: Mapping[str, object],
    *,
    optional: Iterable[str] = (),
    context: CallContext | None = None,
) -> list[Value]:
    """Our canonical ``{name: value}`` -> ``Value``s named and typed as the server declares.

    ``None`` values are left out. A name the descriptor lacks is dropped when listed in
    ``optional``; otherwise it raises ``ProtocolMismatchError`` (better than silently asking
    the wrong question, e.g. all cases instead of those since a year). ``idRuoloJPW`` is always
    kept: SIECIC wants it whether or not its descriptor lists it.
    """
    optional_names = {name.lower() for name in optional}
    bound: list[Value] = []
    for name, value in values.items():
        if value is None:
            continue
        param = descriptor.param(name)
        if param is None:
            if name.lower() == SIECIC_ROLE_PARAM.lower():
                bound.append(Value(SIECIC_ROLE_PARAM, str(value), "string"))
                continue
            if name.lower() in optional_names:
                continue
            raise ProtocolMismatchError(context, f"'{name}' ({descriptor.name})")
        value_type = param.type if param.type in VALUE_TYPES else infer_type(value)
        try:
            bound.append(Value(param.name, format_value(value, value_type), value_type))
        except (TypeError, ValueError) as exc:
            raise ProtocolMismatchError(context, f"'{name}' come {value_type}: {exc}") from None
    return bound
