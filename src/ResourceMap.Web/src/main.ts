// The console's entry: a hash router between the public map (#/) and the staff workbench (#/staff/…),
// and the Japanese/English toggle.
import 'maplibre-gl/dist/maplibre-gl.css';
import './app.css';
import maplibregl from 'maplibre-gl';
import { h, replace } from './dom';
import { L, currentLang, setLang } from './i18n';
import { renderMapPage } from './map-page';
import { renderStaff } from './staff/workbench';

// The worker script is served beside the bundle under a hashed name (see build.mjs): no blob: workers under
// the console's CSP.
declare const MAPLIBRE_WORKER_URL: string;
maplibregl.setWorkerUrl(MAPLIBRE_WORKER_URL);

function route(): void {
  const content = document.getElementById('content')!;
  const hash = location.hash.replace(/^#/, '') || '/';
  const staff = hash.startsWith('/staff');
  renderNav(staff);
  document.body.classList.toggle('staff', staff);
  const toggle = document.getElementById('lang-toggle')!;
  toggle.textContent = currentLang() === 'ja' ? 'English' : '日本語';
  toggle.setAttribute('lang', currentLang() === 'ja' ? 'en' : 'ja');
  toggle.setAttribute('aria-label', currentLang() === 'ja' ? 'Switch to English' : '日本語に切り替え');
  document.querySelector('.skip-link')!.textContent = L('本文へ移動', 'Skip to content');
  if (staff) {
    document.title = L('職員ワークベンチ - ResourceMap', 'Staff workbench - ResourceMap');
    renderStaff(content, hash.slice('/staff'.length).replace(/^\//, ''));
  } else {
    document.title = L('地域資源マップ - ResourceMap', 'Resource map - ResourceMap');
    renderMapPage(content);
  }
}

function renderNav(staff: boolean): void {
  const link = (href: string, text: string, current: boolean) =>
    h('a', { href, 'aria-current': current ? 'page' : null }, text);
  replace(document.getElementById('nav')!,
    link('#/', L('地図', 'Map'), !staff),
    link('#/staff/surveys', L('職員ワークベンチ', 'Staff workbench'), staff));
}

document.getElementById('lang-toggle')!.addEventListener('click', () => {
  setLang(currentLang() === 'ja' ? 'en' : 'ja');
  route();
});
document.documentElement.lang = currentLang();
window.addEventListener('hashchange', route);
route();
