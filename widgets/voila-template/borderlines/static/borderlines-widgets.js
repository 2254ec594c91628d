/* Borderlines' Voilà template: draw each widget output once its model is on the page.
 *
 * Voilà's front end draws every cell output as soon as it starts, while its
 * widget manager is still fetching the widgets' state from the kernel. A
 * widget output drawn then asks the manager for a model it does not hold yet.
 * jupyterlab_widgets 3.0.17 (ipywidgets 8.1.9) makes that request wait: it
 * looks for the model every 100 ms for 2 s and then fails. When the page is
 * busy drawing other widgets (a plotly chart on a slow machine), the wait
 * wakes up after its 2 s without looking again, although the model arrived
 * meanwhile, and the output shows "Error displaying widget: model not found"
 * for good: the fetch has finished and the output kept nothing to retry with.
 * (ipywidgets issue #4026; the 2 s wait is #4033; #4040 and #4041, both open,
 * would make the wait end on the model's arrival and let the output retry.)
 *
 * The template therefore marks each widget output with the script type below,
 * which Voilà does not draw, and this script draws those outputs, exactly as
 * Voilà would, once the widget manager has fetched the kernel's widgets. A
 * widget output then never asks for a model before the page holds it. Every
 * other output is drawn by Voilà, at once, as before.
 */
(function () {
  'use strict';

  var HELD = 'application/vnd.borderlines.widget-output+json';
  // Should the state fetch never finish (the kernel died), draw the outputs
  // anyway after this long: they then show what Voilà alone would show.
  var GIVE_UP_MS = 60000;
  var POLL_MS = 50;

  function heldOutputs() {
    return Array.prototype.slice.call(
      document.querySelectorAll('script[type="' + HELD + '"]')
    );
  }

  function showPlainText(script, model) {
    // no widget manager (the page's kernel is gone): the output's text form
    var text = (model.data && model.data['text/plain']) || '';
    var pre = document.createElement('pre');
    pre.className = 'jp-RenderedText jp-OutputArea-output';
    pre.textContent = Array.isArray(text) ? text.join('') : text;
    script.parentElement.replaceChild(pre, script);
  }

  // The same steps as Voilà's own output plugin (render-outputs), for one output.
  function draw(script, rendermime) {
    var model = JSON.parse(script.textContent);
    var container = script.parentElement;
    if (!container) {
      return;
    }
    if (!rendermime) {
      showPlainText(script, model);
      return;
    }
    var mimeType = rendermime.preferredMimeType(model.data, 'any');
    if (!mimeType) {
      container.removeChild(script);
      return;
    }
    var output = rendermime.createRenderer(mimeType);
    output.renderModel(model).catch(function (error) {
      var pre = document.createElement('pre');
      pre.textContent = 'Javascript Error: ' + error.message;
      pre.className = 'lm-Widget jp-RenderedText';
      pre.setAttribute('data-mime-type', 'application/vnd.jupyter.stderr');
      output.node.appendChild(pre);
    });
    output.addClass('jp-OutputArea-output');
    container.removeChild(script);
    // Widget.attach of lumino, reached through the renderer's class
    output.constructor.attach(output, container);
  }

  function drawAll(manager) {
    var rendermime = manager ? manager.rendermime : null;
    heldOutputs().forEach(function (script) {
      draw(script, rendermime);
    });
  }

  function whenRestored(manager) {
    if (manager.restoredStatus) {
      drawAll(manager);
      return;
    }
    var done = false;
    function once() {
      if (!done) {
        done = true;
        manager.restored.disconnect(once);
        drawAll(manager);
      }
    }
    manager.restored.connect(once);
    setTimeout(once, GIVE_UP_MS);
  }

  function start() {
    if (heldOutputs().length === 0) {
      return;
    }
    var waited = 0;
    var timer = setInterval(function () {
      var app = window.jupyterapp;
      waited += POLL_MS;
      if (app) {
        clearInterval(timer);
        // null when Voilà found no kernel for the page
        var manager = app.widgetManager;
        if (manager) {
          whenRestored(manager);
        } else {
          drawAll(null);
        }
      } else if (waited >= GIVE_UP_MS) {
        clearInterval(timer);
        heldOutputs().forEach(function (script) {
          showPlainText(script, JSON.parse(script.textContent));
        });
      }
    }, POLL_MS);
  }

  // loaded in the page's head: the outputs are in the document once it is parsed
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
