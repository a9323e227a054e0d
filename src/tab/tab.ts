import { startSidePanel } from './sidePanel';

const root = document.getElementById('app');
if (root) void startSidePanel(root);
