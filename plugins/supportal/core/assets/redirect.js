// Loaded by the redirect pages Supportal writes (release aliases, moved pages, the site root):
// their meta refresh drops the address's query and #section, which this move keeps, so a
// shared `latest/faq/agents/#token-expired` opens that answer. A classic script in <head>: it
// runs before the refresh, and without it (or under a CSP that blocks it) the refresh applies.
(function () {
  var canonical = document.querySelector('link[rel="canonical"]');
  if (!canonical || (!window.location.search && !window.location.hash)) return;
  var target = new URL(canonical.href);
  if (window.location.search) target.search = window.location.search;
  if (window.location.hash) target.hash = window.location.hash;
  window.location.replace(target.href);
})();
