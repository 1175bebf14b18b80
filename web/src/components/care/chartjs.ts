// The parts of Chart.js the vitals charts use, registered once. Imported lazily (by
// VitalsChart.vue) so that Chart.js stays out of the first download; named imports let the
// bundler leave the rest of the library out.
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Legend);

export { Chart };
