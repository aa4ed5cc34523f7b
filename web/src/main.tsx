import { render } from 'preact';
import { App } from './App';
import { langStore } from './i18n';
import './styles.css';

document.documentElement.lang = langStore.get() === 'zh' ? 'zh-Hans' : 'en';
render(<App />, document.getElementById('app')!);
