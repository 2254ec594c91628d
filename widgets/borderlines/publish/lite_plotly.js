// Borderlines' chart renderer for its JupyterLite site: a JupyterLab mime extension for
// application/vnd.plotly.v1+json, written as a module federation container by hand (no
// bundler: it is this one file). It draws each figure with plotly.js's "basic" bundle
// (scatter, bar and pie traces: every chart the course draws), which it loads the first
// time a chart is shown, so a lesson without charts never downloads plotly at all.
// borderlines/publish/lite_plotly.py fills in the two names below when it builds the site.
var _JUPYTERLAB;
(function () {
  "use strict";
  var NAME = "@BORDERLINES_EXTENSION_NAME@";
  var PLOTLY_FILE = "@BORDERLINES_PLOTLY_FILE@";
  var MIME = "application/vnd.plotly.v1+json";
  var here = document.currentScript.src;
  var scope = null;
  var loading = null;

  function plotly() {
    if (loading === null) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL(PLOTLY_FILE, here).href;
        script.async = true;
        script.onload = function () {
          if (window.Plotly) {
            resolve(window.Plotly);
          } else {
            reject(new Error(PLOTLY_FILE + " did not define Plotly"));
          }
        };
        script.onerror = function () {
          loading = null;
          reject(new Error("could not load " + script.src));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function sharedModule(name) {
    var versions = (scope || {})[name];
    if (!versions) {
      return Promise.reject(new Error(NAME + ": " + name + " is not shared by the app"));
    }
    var newest = Object.keys(versions).sort(function (a, b) {
      var x = a.split(".").map(Number);
      var y = b.split(".").map(Number);
      for (var i = 0; i < Math.max(x.length, y.length); i++) {
        if ((x[i] || 0) !== (y[i] || 0)) {
          return (x[i] || 0) - (y[i] || 0);
        }
      }
      return 0;
    }).pop();
    return Promise.resolve(versions[newest].get()).then(function (factory) {
      return factory();
    });
  }

  function plugins(Widget) {
    class RenderedPlotly extends Widget {
      constructor(options) {
        super();
        this.addClass("jp-RenderedPlotly");
        this._mimeType = options.mimeType;
      }

      renderModel(model) {
        var figure = model.data[this._mimeType];
        var layout = Object.assign({}, figure.layout);
        if (!layout.height) {
          layout.height = 360;
        }
        var node = this.node;
        return plotly().then(function (Plotly) {
          return Plotly.react(node, figure.data, layout, figure.config);
        });
      }

      onAfterShow() {
        this.update();
      }

      onResize() {
        this.update();
      }

      onUpdateRequest() {
        if (window.Plotly && this.isVisible && this.node.querySelector(".plot-container")) {
          window.Plotly.Plots.resize(this.node);
        }
      }
    }
    return [
      {
        id: NAME + ":factory",
        rendererFactory: {
          safe: true,
          mimeTypes: [MIME],
          createRenderer: function (options) {
            return new RenderedPlotly(options);
          },
        },
        rank: 2,
        dataType: "json",
      },
    ];
  }

  _JUPYTERLAB = _JUPYTERLAB || {};
  _JUPYTERLAB[NAME] = {
    init: function (shareScope) {
      scope = shareScope;
    },
    get: function (module) {
      if (module !== "./mimeExtension") {
        return Promise.reject(new Error(NAME + " has no module " + module));
      }
      return sharedModule("@lumino/widgets").then(function (widgets) {
        var made = plugins(widgets.Widget);
        return function () {
          return { __esModule: true, default: made };
        };
      });
    },
  };
})();
