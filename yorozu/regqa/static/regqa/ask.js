// 規則Q&A: post the question to the streaming endpoint and show the answer as it is generated.
// Without JavaScript the form posts normally and the server renders the whole answer.
(function () {
  "use strict";
  var form = document.querySelector("form[data-stream-url]");
  if (!form || !window.fetch || !window.TextDecoder) { return; }
  var target = document.getElementById("answer");
  var progress = form.querySelector(".regqa-progress");

  function handle(event, data, box) {
    if (event === "delta") { box.textContent += data; }
    else if (event === "reset") { box.textContent = ""; }
    else if (event === "done") {
      target.innerHTML = data;
      if (window.htmx) { window.htmx.process(target); }
    }
  }

  function parse(buffer, box) {
    var blocks = buffer.split("\n\n");
    var rest = blocks.pop();
    blocks.forEach(function (block) {
      var event = "message", data = "";
      block.split("\n").forEach(function (line) {
        if (line.indexOf("event: ") === 0) { event = line.slice(7); }
        else if (line.indexOf("data: ") === 0) { data += line.slice(6); }
      });
      if (data) { handle(event, JSON.parse(data), box); }
    });
    return rest;
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var box = document.createElement("p");
    box.className = "regqa-stream";
    target.replaceChildren(box);
    progress.hidden = false;
    fetch(form.dataset.streamUrl, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        var reader = response.body.getReader();
        var decoder = new TextDecoder();
        var buffer = "";
        function pump() {
          return reader.read().then(function (chunk) {
            if (chunk.done) { return; }
            buffer = parse(buffer + decoder.decode(chunk.value, { stream: true }), box);
            return pump();
          });
        }
        return pump();
      })
      .catch(function () { form.submit(); })
      .finally(function () { progress.hidden = true; });
  });
})();
