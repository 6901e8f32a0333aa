// Draws the dashboard's charts (Chart.js, loaded before this file from its WebJar) from the JSON at the
// charts section's data-api attribute (/admin/api/dashboard?days=N). No inline script: the page's
// Content-Security-Policy allows scripts from 'self' only.
(function () {
  'use strict';

  const section = document.getElementById('charts');
  if (!section || typeof Chart === 'undefined') {
    return;
  }

  const colors = {
    blue: '#2f5bea', violet: '#7a5af8', green: '#13795b', red: '#b42318', orange: '#dc6803', grey: '#98a2b3'
  };

  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
  Chart.defaults.color = '#667085';
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;

  function chart(id, type, labels, datasets, options) {
    const canvas = document.getElementById(id);
    return new Chart(canvas, {
      type: type,
      data: { labels: labels, datasets: datasets },
      options: Object.assign({
        interaction: { mode: 'index', intersect: false },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
        scales: { y: { beginAtZero: true } }
      }, options || {})
    });
  }

  function line(label, data, color) {
    return { label: label, data: data, borderColor: color, backgroundColor: color, tension: 0.25,
      pointRadius: 2, spanGaps: true };
  }

  function bar(label, data, color, stack) {
    return { label: label, data: data, backgroundColor: color, stack: stack };
  }

  function draw(d) {
    const days = d.days;
    const labels = days.map(x => x.date.substring(5));
    const pick = f => days.map(f);
    chart('chart-conversations', 'bar', labels, [
      bar('conversations', pick(x => x.conversations), colors.blue),
      bar('replies', pick(x => x.replies), colors.violet)
    ]);
    chart('chart-tokens', 'bar', labels, [
      bar('prompt (cached)', pick(x => x.cachedTokens), colors.green, 'tokens'),
      bar('prompt (computed)', pick(x => x.promptTokens - x.cachedTokens), colors.blue, 'tokens'),
      bar('completion', pick(x => x.completionTokens), colors.violet, 'tokens')
    ], { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } } });
    chart('chart-ttft', 'line', labels, [
      line('p50', pick(x => x.timeToFirstTokenMs.p50), colors.blue),
      line('p90', pick(x => x.timeToFirstTokenMs.p90), colors.orange),
      line('p99', pick(x => x.timeToFirstTokenMs.p99), colors.red)
    ]);
    chart('chart-speed', 'line', labels, [
      line('p50', pick(x => x.tokensPerSecond.p50), colors.blue),
      line('p90', pick(x => x.tokensPerSecond.p90), colors.green),
      line('p99', pick(x => x.tokensPerSecond.p99), colors.violet)
    ]);
    chart('chart-cache', 'line', labels, [
      line('cached / prompt tokens', pick(x => x.cacheHitRate === null ? null : x.cacheHitRate * 100), colors.green)
    ], { scales: { y: { beginAtZero: true, max: 100, ticks: { callback: v => v + '%' } } } });
    chart('chart-errors', 'bar', labels, [
      bar('error', pick(x => x.errors), colors.red, 'failed'),
      bar('interrupted', pick(x => x.interrupted), colors.orange, 'failed')
    ], { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } });
    section.dataset.drawn = 'true';
  }

  fetch(section.dataset.api, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
    .then(r => r.ok ? r.json() : Promise.reject(new Error('HTTP ' + r.status)))
    .then(draw)
    .catch(e => {
      const error = document.getElementById('chart-error');
      error.textContent = 'The charts could not be loaded: ' + e.message;
      error.hidden = false;
    });
})();
