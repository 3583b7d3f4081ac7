"""The benchmark scripts: their data is what they say, and they run at tiny sizes."""
