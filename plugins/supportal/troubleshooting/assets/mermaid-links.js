// Loaded as a classic script right after the local mermaid.min.js, by mermaid-loader.js.
// Lets the overview's `click node href "#anchor"` lines become links. Mermaid's default
// "strict" level drops them; "antiscript" keeps links and still removes scripts.
(function () {
  var mermaid = window.mermaid;
  if (!mermaid || typeof mermaid.initialize !== "function") return;
  var initialize = mermaid.initialize.bind(mermaid);
  mermaid.initialize = function (config) {
    return initialize(Object.assign({}, config, { securityLevel: "antiscript" }));
  };
})();
