// The types and server stubs of this module are generated at build time from openapi.yaml
// (the OpenAPIGenerator plugin); this file only gives the target a source of its own.
