"""Writers for what `kgnotes build` publishes, one small module per format."""
