"""Result folders: written under a temporary name and renamed when complete, with a manifest."""
