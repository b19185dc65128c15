"""Small widgets shared by the windows."""
