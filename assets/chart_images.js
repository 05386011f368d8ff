// "Save chart as PNG / SVG" beside a chart: Plotly draws the chart as shown into an image file
// named after the chart (its accessible name), and the status beside the buttons says so.
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("button[data-chart-image]");
  if (!button || !window.Plotly) {
    return;
  }
  var frame = button.closest("figure");
  var graph = frame && frame.querySelector(".js-plotly-plot");
  if (!graph) {
    return;
  }
  var format = button.getAttribute("data-chart-image");
  var name = (frame.getAttribute("aria-label") || "chart").toLowerCase();
  var filename = name.replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "chart";
  var status = frame.querySelector(".chart-image-status");
  window.Plotly.downloadImage(graph, { format: format, filename: filename }).then(function () {
    if (status) {
      status.textContent = "Chart saved as " + filename + "." + format + ".";
    }
  });
});
