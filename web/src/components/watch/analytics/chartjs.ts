// The parts of Chart.js the watch analytics charts use, registered once. Imported lazily (by
// AnalyticsChart.vue) so that Chart.js stays out of the first download.
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(BarController, BarElement, CategoryScale, LineController, LineElement, PointElement, LinearScale, Tooltip, Legend);

export { Chart };
