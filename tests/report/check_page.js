// Injected by tests/report_test.cpp into a copy of a report: after layout, writes what the test checks into
// <pre id="genzoo-check"> as JSON, for chromium --dump-dom to print (or posts it to the frame's parent).
window.addEventListener('load', () => {
  const width = document.documentElement.clientWidth;
  const overflowing = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.width > 0 && (box.right > width + 0.5 || box.left < -0.5)) {
      overflowing.push(el.tagName.toLowerCase() + '.' + el.getAttribute('class') + ' [' + Math.round(box.left) +
                       ', ' + Math.round(box.right) + ']');
    }
  }
  const panels = [];
  for (const panel of document.querySelectorAll('.panel')) {
    const curves = [];
    for (const line of panel.querySelectorAll('svg.chart polyline.curve')) {
      curves.push({series: line.getAttribute('data-series'), points: line.points.numberOfItems,
                   stroke: line.getAttribute('stroke'), dash: line.getAttribute('stroke-dasharray')});
    }
    panels.push({title: panel.querySelector('h3').textContent, curves: curves,
                 markers: panel.querySelectorAll('line.marker').length,
                 chart_width: panel.querySelector('svg.chart').getBoundingClientRect().width});
  }
  const images = [...document.images].map(img => ({alt: img.alt, loaded: img.complete && img.naturalWidth > 0}));
  const result = JSON.stringify({viewport: width, scroll_width: document.documentElement.scrollWidth,
                                 overflowing: overflowing, panels: panels, images: images});
  if (window.parent !== window) {  // inside tests/report/phone.html's frame
    window.parent.postMessage(result, '*');
    return;
  }
  const out = document.createElement('pre');
  out.id = 'genzoo-check';
  out.textContent = result;
  document.body.appendChild(out);
});
