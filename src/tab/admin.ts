import { startAdminPage } from './adminPage';

const root = document.getElementById('admin');
if (root) void startAdminPage(root);
