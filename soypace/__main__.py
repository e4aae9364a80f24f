from soypace.cli import main

main()
