app_name = "worksheets"

urlpatterns = []
