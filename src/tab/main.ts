import { startSidePanel } from './sidePanel';

void startSidePanel(document.getElementById('app')!);
