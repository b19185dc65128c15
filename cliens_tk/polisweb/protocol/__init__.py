"""The PolisWeb protocol as pure functions: build SOAP requests, parse responses. No network.

- ``soap_requests``: envelopes, HTTP headers and URLs for the consultation ("QBuilder") service;
- ``responses``: lenient parsing of responses into ``model`` objects, faults into ``errors``;
- ``discovery``: parameter names discovered with ``getServiceDescriptor``, cached per service;
- ``catalogue``: the ministry's office catalogue service (elenchi ministeriali);
- ``assumptions``: every protocol fact the public documentation does not state, in one place.
"""
