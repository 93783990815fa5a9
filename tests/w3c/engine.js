// rdf-test-suite needs an engine module; protocol tests talk HTTP to the endpoint given in
// the `protocolEndpoint` option, so this engine is never asked to evaluate anything itself.
module.exports = {
  parse: async () => { throw new Error("not used by protocol tests"); },
  query: async () => { throw new Error("not used by protocol tests"); },
};
