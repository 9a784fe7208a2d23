/// <reference lib="dom" />
/**
 * The report page's own script. It runs in the browser: the renderer inlines this function's
 * source (`reportPageScript`) after the Lightweight Charts standalone build, so it must stay
 * self-contained (no imports, no references outside its body). It draws the charts from the JSON
 * in `#report-data`, shows fill details on hover, makes tables sortable, and marks each chart with
 * `data-*` counts and the body with `data-charts-ready` so a test can check what was drawn.
 */
import type * as LightweightChartsApi from 'lightweight-charts';
import type { ChartData } from '../chart-data.js';

function reportPage(charts: typeof LightweightChartsApi): void {
  const dataElement = document.getElementById('report-data');
  const data = JSON.parse(dataElement?.textContent ?? '{}') as ChartData;
  const theme = {
    background: '#131722',
    text: '#d1d4dc',
    grid: '#1f2430',
    border: '#2a2e39',
    up: '#26a69a',
    down: '#ef5350',
    equity: '#2962ff',
    hold: '#b2b5be',
  };
  const baseOptions = {
    autoSize: true,
    layout: {
      background: { type: charts.ColorType.Solid, color: theme.background },
      textColor: theme.text,
      fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
      // Lightweight Charts' licence asks for attribution: keep TradingView's logo link on every chart.
      attributionLogo: true,
    },
    grid: { vertLines: { color: theme.grid }, horzLines: { color: theme.grid } },
    rightPriceScale: { borderColor: theme.border },
    timeScale: { borderColor: theme.border, timeVisible: true, secondsVisible: false },
    crosshair: { mode: charts.CrosshairMode.Normal },
  } as const;

  /** Seconds on the time axis when points are less than a minute apart (a short live run). */
  function timeScaleFor(times: readonly number[]) {
    let closest = Number.POSITIVE_INFINITY;
    for (let index = 1; index < times.length; index += 1) {
      closest = Math.min(closest, (times[index] as number) - (times[index - 1] as number));
    }
    return { ...baseOptions, timeScale: { ...baseOptions.timeScale, secondsVisible: closest < 60 } };
  }

  function drawProduct(product: ChartData['products'][number], index: number): void {
    const container = document.getElementById(`price-chart-${index}`);
    if (container === null) return;
    const chart = charts.createChart(container, timeScaleFor(product.candles.map((candle) => candle.time)));
    const series = chart.addSeries(charts.CandlestickSeries, {
      upColor: theme.up,
      downColor: theme.down,
      borderVisible: false,
      wickUpColor: theme.up,
      wickDownColor: theme.down,
    });
    series.setData(
      product.candles.map((candle) => ({
        ...candle,
        time: candle.time as LightweightChartsApi.UTCTimestamp,
      })),
    );
    const markers = product.markers.map((marker) => ({
      time: marker.time as LightweightChartsApi.UTCTimestamp,
      position: marker.side === 'buy' ? ('belowBar' as const) : ('aboveBar' as const),
      shape: marker.side === 'buy' ? ('arrowUp' as const) : ('arrowDown' as const),
      color: marker.side === 'buy' ? theme.up : theme.down,
      text:
        marker.count > 1
          ? `${marker.side === 'buy' ? 'B' : 'S'}×${marker.count}`
          : marker.side === 'buy'
            ? 'B'
            : 'S',
    }));
    charts.createSeriesMarkers(series, markers);
    for (const line of product.orderLines) {
      series.createPriceLine({
        price: line.price,
        color: line.side === 'buy' ? theme.up : theme.down,
        lineWidth: 1,
        lineStyle: charts.LineStyle.Dashed,
        axisLabelVisible: true,
        title: line.title,
      });
    }
    chart.timeScale().fitContent();
    container.dataset.markerCount = String(markers.length);
    container.dataset.fillCount = String(product.markers.reduce((sum, marker) => sum + marker.count, 0));
    container.dataset.candleCount = String(product.candles.length);
    container.dataset.orderLineCount = String(product.orderLines.length);

    const tooltip = document.createElement('div');
    tooltip.className = 'chart-tooltip';
    container.appendChild(tooltip);
    const legend = document.createElement('div');
    legend.className = 'chart-legend';
    container.appendChild(legend);
    chart.subscribeCrosshairMove((parameter) => {
      const bar = parameter.seriesData.get(series) as LightweightChartsApi.CandlestickData | undefined;
      legend.textContent =
        bar === undefined
          ? product.productId
          : `${product.productId}  O ${bar.open}  H ${bar.high}  L ${bar.low}  C ${bar.close}`;
      const notes = parameter.time === undefined ? undefined : product.fillNotes[String(parameter.time)];
      if (notes === undefined || parameter.point === undefined) {
        tooltip.style.display = 'none';
        return;
      }
      tooltip.replaceChildren(
        ...notes.map((note) => {
          const line = document.createElement('div');
          line.textContent = note;
          line.className = note.startsWith('BUY') ? 'buy' : note.startsWith('SELL') ? 'sell' : '';
          return line;
        }),
      );
      tooltip.style.display = 'block';
      const left = Math.min(parameter.point.x + 16, container.clientWidth - tooltip.offsetWidth - 8);
      tooltip.style.left = `${Math.max(8, left)}px`;
      tooltip.style.top = `${Math.max(8, parameter.point.y - tooltip.offsetHeight - 12)}px`;
    });
    legend.textContent = product.productId;
  }

  function drawEquity(): void {
    const container = document.getElementById('equity-chart');
    if (container === null || data.equity.length === 0) return;
    const chart = charts.createChart(container, timeScaleFor(data.equity.map((point) => point.time)));
    const asTime = (points: ChartData['equity']) =>
      points.map((point) => ({ time: point.time as LightweightChartsApi.UTCTimestamp, value: point.value }));
    const equity = chart.addSeries(charts.LineSeries, {
      color: theme.equity,
      lineWidth: 2,
      title: 'Strategy',
    });
    equity.setData(asTime(data.equity));
    if (data.buyAndHold.length > 0) {
      const hold = chart.addSeries(charts.LineSeries, {
        color: theme.hold,
        lineWidth: 1,
        lineStyle: charts.LineStyle.Dashed,
        title: 'Buy & hold',
      });
      hold.setData(asTime(data.buyAndHold));
    }
    const drawdown = chart.addSeries(
      charts.BaselineSeries,
      {
        baseValue: { type: 'price', price: 0 },
        topLineColor: theme.down,
        bottomLineColor: theme.down,
        topFillColor1: 'rgba(239, 83, 80, 0)',
        topFillColor2: 'rgba(239, 83, 80, 0)',
        bottomFillColor1: 'rgba(239, 83, 80, 0.15)',
        bottomFillColor2: 'rgba(239, 83, 80, 0.45)',
        lineWidth: 1,
        title: 'Drawdown',
        // A market maker's drawdown can be a few thousandths of a percent: show them.
        priceFormat: {
          type: 'custom',
          minMove: 0.0001,
          formatter: (value: number) => `${value.toFixed(Math.abs(value) < 0.1 && value !== 0 ? 4 : 2)}%`,
        },
      },
      1,
    );
    drawdown.setData(asTime(data.drawdown));
    chart.panes()[1]?.setHeight(130);
    chart.timeScale().fitContent();
    container.dataset.pointCount = String(data.equity.length);
  }

  function makeSortable(table: HTMLTableElement): void {
    const headers = Array.from(table.querySelectorAll<HTMLTableCellElement>('th[data-sort]'));
    for (const header of headers) {
      header.addEventListener('click', () => {
        const column = Array.from(header.parentElement?.children ?? []).indexOf(header);
        const numeric = header.dataset.sort === 'number';
        const descending = header.dataset.direction !== 'descending';
        for (const other of headers) delete other.dataset.direction;
        header.dataset.direction = descending ? 'descending' : 'ascending';
        const body = table.tBodies[0];
        if (body === undefined) return;
        const key = (row: HTMLTableRowElement) => {
          const cell = row.cells[column];
          return cell?.dataset.value ?? cell?.textContent ?? '';
        };
        const rows = Array.from(body.rows).sort((left, right) => {
          const order = numeric
            ? (Number(key(left)) || 0) - (Number(key(right)) || 0)
            : key(left).localeCompare(key(right));
          return descending ? -order : order;
        });
        body.append(...rows);
      });
    }
  }

  data.products.forEach(drawProduct);
  drawEquity();
  for (const table of Array.from(document.querySelectorAll<HTMLTableElement>('table.sortable')))
    makeSortable(table);
  // Two frames: the charts paint on the next animation frame after their data is set.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      document.body.dataset.chartsReady = 'true';
    }),
  );
}

/** The page script's source, to inline after the Lightweight Charts standalone build. */
export function reportPageScript(): string {
  return `(${reportPage.toString()})(window.LightweightCharts);`;
}
