// Starts Swagger UI on /docs from files served by kzgraph itself (no CDN, no inline script: the page's CSP allows neither).
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    validatorUrl: null,  // the default sends the schema's URL to validator.swagger.io
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
