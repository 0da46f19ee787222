import { Link } from '../lib/router';
import { useTitle } from '../lib/use-title';

export function NotFoundPage() {
  useTitle('Page not found');
  return (
    <div className="page">
      <h1>Page not found</h1>
      <p>
        There is no page at this address. <Link to="/projects">Go to the projects</Link>.
      </p>
    </div>
  );
}
