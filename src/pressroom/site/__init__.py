"""The download pages (page), their press section (press), thumbnails (thumbs), templates/."""
